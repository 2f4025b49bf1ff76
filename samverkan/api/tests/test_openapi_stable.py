"""/api/v1/openapi.json: the paths, operations and schemas clients rely on stay as they were when
the API was one module (`openapi_v1.json`, stored then; since then the minutes endpoint's
description changed, when drafts became readable by their signatories as on the page, and the
lists that can grow gained the optional `limit` and `offset` query parameters, issue 14, their
bodies still lists; the events' endpoints were added, issue 15, and the registration's 429 when a network has
registered too often), and the bearer token is documented."""

import json
from pathlib import Path
from typing import Any

from samverkan.collaborations.model_file import SLUG_RE
from samverkan.lib.api_inputs import SLUG_PATTERN

STORED = Path(__file__).with_name("openapi_v1.json")


def _without_security(spec: dict[str, Any]) -> dict[str, Any]:
    paths = {
        path: {method: {k: v for k, v in op.items() if k != "security"} for method, op in ops.items()}
        for path, ops in spec["paths"].items()
    }
    return {"paths": paths, "schemas": spec.get("components", {}).get("schemas", {})}


def test_paths_operations_and_schemas_are_those_clients_know(client, db):
    now = _without_security(client.get("/api/v1/openapi.json").json())
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert sorted(now["paths"]) == sorted(stored["paths"])
    for path, operations in stored["paths"].items():
        assert now["paths"][path] == operations, path
    assert now["schemas"] == stored["schemas"]


def test_openapi_documents_the_bearer_token(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert {"BearerToken": []} in spec["paths"]["/api/v1/collaborations/{slug}/people"]["get"]["security"]


def test_the_apis_slug_is_the_model_files():
    assert SLUG_RE.pattern == SLUG_PATTERN
