"""Guards: every registered kind is in the API, and the API's ownership walk covers it.

A kind without an API resource (or with one that adds no route on a record of its own), a
path id naming a model the kind does not declare, or a path id the walk has no record for
fails here, before the walk itself would quietly skip the kind's routes.
"""

from dataclasses import replace

from tests.api.test_ownership import _api_rules, _records
from tests.conftest import make_user
from tracker import registry
from tracker.kind import JournalKind


def _gaps(kinds: tuple[JournalKind, ...], rules: list, walked: set[str]) -> list[str]:
    """What keeps each kind out of the API or out of the walk, as readable lines."""
    gaps = []
    for kind in kinds:
        if kind.api is None or not kind.api.routes:
            gaps.append(f"{kind.key}: no API resource (JournalKind.api)")
            continue
        for name, model in kind.api.path_ids.items():
            if model not in kind.models:
                gaps.append(f"{kind.key}: {name} names {model.__name__}, not one of its models")
            if name not in walked:
                gaps.append(f"{kind.key}: {name} has no record in the ownership walk's _records")
            if not any(name in rule.arguments for rule in rules):
                gaps.append(f"{kind.key}: no API route takes {name}")
        if not kind.api.path_ids:
            gaps.append(f"{kind.key}: no API route on one of its records (path_ids is empty)")
    return gaps


def _walk(app) -> tuple[list, set[str]]:
    return _api_rules(app), set(_records(app, make_user(app)))


def test_every_kind_is_in_the_api_and_in_its_ownership_walk(app):
    rules, walked = _walk(app)
    assert _gaps(registry.KINDS, rules, walked) == []


def test_a_kind_left_out_of_the_api_or_the_walk_is_named(app):
    rules, walked = _walk(app)
    therapy = registry.BY_KEY["therapy"]
    kinds = (replace(therapy, api=None), registry.BY_KEY["sleep"])
    assert _gaps(kinds, rules, walked - {"nap_id"}) == [
        "therapy: no API resource (JournalKind.api)",
        "sleep: nap_id has no record in the ownership walk's _records",
    ]


def test_every_api_route_with_an_id_belongs_to_a_kind(app):
    kinds_ids = {name for kind in registry.KINDS if kind.api for name in kind.api.path_ids}
    for rule in _api_rules(app):
        assert set(rule.arguments) <= kinds_ids, rule.rule
