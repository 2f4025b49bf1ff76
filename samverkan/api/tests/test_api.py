"""/api/v1/: the same data and privacy rules as the pages."""

from samverkan.accounts.services import create_api_token, revoke_api_token

BASE = "/api/v1/collaborations/miljosamverkan-vasterbotten"


def test_openapi_describes_the_api(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Samverkan API"
    assert f"{BASE.replace('miljosamverkan-vasterbotten', '{slug}')}/agreement-check" in spec["paths"]


def test_anonymous_callers_get_people_without_email_or_phone(client, world):
    people = client.get(f"{BASE}/people").json()
    assert len(people) >= 18
    assert all(p["email"] is None and p["phone"] is None for p in people)
    one = client.get(f"{BASE}/people/{world.people['umea'].pk}").json()
    assert one["email"] is None


def test_a_token_of_a_participant_reveals_contact_details(client, world, personas):
    _token, plain = create_api_token(user=personas["officer"], name="t", actor=None)
    people = client.get(f"{BASE}/people", headers={"Authorization": f"Bearer {plain}"}).json()
    assert "umea@example.se" in {p["email"] for p in people}


def test_an_outsiders_token_does_not(client, world, personas):
    _token, plain = create_api_token(user=personas["outsider"], name="t", actor=None)
    people = client.get(f"{BASE}/people", headers={"Authorization": f"Bearer {plain}"}).json()
    assert all(p["email"] is None for p in people)


def test_a_revoked_or_wrong_token_is_refused(client, world, personas):
    token, plain = create_api_token(user=personas["officer"], name="t", actor=None)
    revoke_api_token(token=token, actor=None)
    assert client.get(f"{BASE}/people", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    assert client.get(f"{BASE}/people", headers={"Authorization": "Bearer svk_nonsense"}).status_code == 401
    assert client.get(f"{BASE}/people", headers={"Authorization": "Basic abc"}).status_code == 401


def test_the_agreement_check_is_for_participants(client, world, personas):
    assert client.get(f"{BASE}/agreement-check").status_code == 403
    _token, plain = create_api_token(user=personas["chair"], name="t", actor=None)
    findings = client.get(f"{BASE}/agreement-check", headers={"Authorization": f"Bearer {plain}"}).json()
    assert {"SG1", "ST1", "CM1", "CM2", "CM3"} <= {f["rule"] for f in findings}
    assert {f["status"] for f in findings if f["rule"] in {"SG1", "ST1", "CM1", "CM2", "CM3"}} == {"ok"}


def test_groups_and_memberships_are_listed(client, world):
    groups = client.get(f"{BASE}/groups").json()
    assert {g["key"] for g in groups} >= {"samverkansgruppen", "stodgruppen"}
    members = client.get(f"{BASE}/memberships", query_params={"group": world.st.pk, "current": "true"}).json()
    assert {m["role"] for m in members} == {"member", "coordinator", "cab_representative"}
    assert len(members) == 5


def test_organisations_carry_code_and_population(client, world):
    orgs = {o["name"]: o for o in client.get(f"{BASE}/organisations").json()}
    assert orgs["Umeå"]["municipality_code"] == "2480" and orgs["Umeå"]["kind"] == "municipality"


def test_an_unknown_collaboration_is_404(client, db):
    assert client.get("/api/v1/collaborations/finns-inte/people").status_code == 404


def test_no_part_of_the_api_gives_a_person_s_gender(client, world, personas):
    from samverkan.organisations.models import Person

    Person.objects.filter(pk=world.people["umea"].pk).update(gender="other")
    _token, plain = create_api_token(user=personas["coordinator"], name="t", actor=None)
    auth = {"Authorization": f"Bearer {plain}"}
    spec = client.get("/api/v1/openapi.json").json()
    # what the API answers never has it; a registration for an event may *send* it (RegistrationIn),
    # for the statistics only, as the registration form asks it
    answers = {name: schema for name, schema in spec["components"]["schemas"].items() if not name.endswith("In")}
    assert "gender" not in str(answers).lower()
    for path in ("/people", f"/people/{world.people['umea'].pk}", "/memberships", "/contacts", "/contacts/export/csv"):
        response = client.get(f"{BASE}{path}", headers=auth)
        assert response.status_code == 200, path
        body = response.content.decode("utf-8", "replace").lower()
        assert "gender" not in body and "annat" not in body and '"other"' not in body, path
