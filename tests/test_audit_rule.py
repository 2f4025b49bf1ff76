"""Every write use case writes its audit entry.

A write use case is a public module-level function that takes `actor=` as a keyword-only argument
(the services' signature: `decide_proposal(*, proposal, decision, actor)`) or runs under
`@transaction.atomic`. Each must call `record`, `record_created` or `save_changes`, directly or
through a function that does. The check reads the source, so a new use case that forgets its entry
fails here before any test of it is written.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import samverkan

AUDIT_WRITERS = frozenset({"record", "record_created", "save_changes"})
# Functions with the signature of a use case that write nothing, and why.
NOT_WRITES = {
    "check_may_change_person": "a check that raises when the actor may not change the person",
}
# Write use cases that must leave no trace in the audit trail, and why (by module:function).
NOT_AUDITED = {
    "events/evaluation.py:submit": "the anonymous evaluation: an entry would tie an answer to its time and so to a person",
}
# Use cases taking `actor=` that do not open their own transaction, and why.
NOT_ATOMIC = {
    "apply_retention": "each erasure is its own use case and transaction: one refusal does not undo the others",
    "apply_model": "runs only inside load_collaboration_model's transaction",
    "set_population": "runs only inside the population import's and update_organisation's transactions",
    "decide_from_minutes": "runs only inside approve_minutes's transaction (the minutes_approved signal)",
}
ROOT = Path(samverkan.__file__).parent


def _modules() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(ROOT)): ast.parse(path.read_text(), str(path))
        for path in sorted(ROOT.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.parts) and path.parts[-2:] != ("audit", "services.py")
    }


def _called(function: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
    return names


def _is_use_case(function: ast.FunctionDef) -> bool:
    if function.name.startswith("_"):
        return False
    takes_actor = any(a.arg == "actor" for a in function.args.kwonlyargs) and not function.args.args
    atomic = any(ast.unparse(d) == "transaction.atomic" for d in function.decorator_list)
    return takes_actor or atomic


def unaudited(modules: dict[str, ast.Module]) -> list[str]:
    """`module.py:function` for every write use case that reaches no audit writer. A call is followed
    by the called function's name across the project, so a helper that records counts for its callers."""
    functions = [
        (name, node) for name, tree in modules.items() for node in tree.body if isinstance(node, ast.FunctionDef)
    ]
    calls = {(name, f.name): _called(f) for name, f in functions}
    auditing = set(AUDIT_WRITERS)
    grown = True
    while grown:
        before = len(auditing)
        auditing |= {function for (_module, function), called in calls.items() if called & auditing}
        grown = len(auditing) > before
    return [
        f"{name}:{f.name}"
        for name, f in functions
        if _is_use_case(f)
        and f.name not in NOT_WRITES
        and f"{name}:{f.name}" not in NOT_AUDITED
        and not calls[(name, f.name)] & auditing
    ]


def test_every_write_use_case_writes_an_audit_entry():
    assert unaudited(_modules()) == []


def test_every_use_case_taking_an_actor_runs_in_its_own_transaction():
    outside = [
        f"{name}:{f.name}"
        for name, tree in _modules().items()
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        and _is_use_case(f)
        and f.name not in {*NOT_WRITES, *NOT_ATOMIC}
        and not any(ast.unparse(d) == "transaction.atomic" for d in f.decorator_list)
    ]
    assert outside == []


def test_the_check_finds_a_use_case_that_writes_no_entry():
    sample = textwrap.dedent(
        """
        @transaction.atomic
        def rename_group(*, group, name, actor):
            group.name = name
            group.save()
            return group

        def move_item(*, item, up, actor):
            item.save()

        @transaction.atomic
        def close_group(*, group, actor):
            _note_closed(group, actor)

        def _note_closed(group, actor):
            record(actor=actor, action="close_group", obj=group)

        def shown_groups(collaboration):
            return collaboration.groups.all()
        """
    )
    assert unaudited({"sample.py": ast.parse(sample)}) == ["sample.py:rename_group", "sample.py:move_item"]


def test_the_check_covers_the_use_case_modules_that_are_not_called_services():
    modules = _modules()
    with_use_cases = {
        name
        for name, tree in modules.items()
        if any(isinstance(f, ast.FunctionDef) and _is_use_case(f) for f in tree.body)
    }
    assert {
        "meetings/polls.py",
        "meetings/minutes.py",
        "finance/services.py",
        "organisations/services.py",
    } <= with_use_cases
