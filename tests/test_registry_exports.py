"""Guards: a kind left out of the export, the import, the FHIR Bundle or the account
deletion fails here. Each registered kind's tables cover its models, every table has a
loader, every table with a user_id is exported or named as bookkeeping, a full account
round-trips through JSON and CSV with every table holding rows, and deleting the account
leaves none of them."""

import json
from datetime import date

from sqlalchemy import func, select

from tests.conftest import NOW
from tests.exports.factories import empty_user, full_account, get_user
from tracker import registry
from tracker.auth.models import User
from tracker.auth.services import LoginPolicy
from tracker.exports import services
from tracker.exports.account import ACCOUNT_SETTINGS, BOOKKEEPING, PROFILE_CELLS, read_account
from tracker.exports.fhir_codes import BundleContext, Canonicals, Entries
from tracker.extensions import db
from tracker.settings import services as account

PASSWORD = "correct horse battery"  # the factories' password
# Kinds the FHIR Bundle leaves out on purpose, and why; every other kind maps its records.
NOT_IN_FHIR = {
    "therapy": "sessions and private notes have no coded meaning a clinician's system reads",
    "appointments": "the user's own diary of visits and questions, not clinical data",
}

# The users table's columns that are no setting of the export's profile, and why; every other
# column is a setting: the account's own (ACCOUNT_SETTINGS) or a kind's (its `profile`).
NOT_IN_PROFILE = {
    "id": "this server's database id",
    "email": "the login: the new account has its own",
    "password_hash": "a secret of this server",
    "created_at": "when the account was made on this server",
    "locked_until": "sign-in bookkeeping",
    "login_attempts": "sign-in bookkeeping",
    "login_attempts_since": "sign-in bookkeeping",
    "data_version": "the page cache's change counter",
    "clock": "shown 12 or 24 hours: not in format version 1, which the file must keep",
}


def _tables() -> list:
    return [table for kind in registry.KINDS for table in kind.tables]


def _user_tables() -> dict[str, object]:
    return {t.name: t for t in db.metadata.sorted_tables if "user_id" in t.c}


def test_each_kind_exports_every_one_of_its_models():
    for kind in registry.KINDS:
        exported = {table.model for table in kind.tables}
        assert set(kind.models) <= exported, f"{kind.key}: a model not in its `tables`"
    names = [table.name for table in _tables()]
    assert len(names) == len(set(names)), "two tables share a name in the file"


def test_each_exported_table_has_a_loader_and_checks_run_on_its_own_tables():
    for kind in registry.KINDS:
        names = {table.name for table in kind.tables}
        assert set(kind.loaders) == names, f"{kind.key}: tables and loaders differ"
        assert set(kind.checks) <= names, f"{kind.key}: a check of a table it does not export"


def test_every_table_with_a_user_id_is_exported_or_bookkeeping_and_deleted_with_the_user(app):
    exported = {table.model.__tablename__ for table in _tables()}
    with app.app_context():
        tables = _user_tables()
    left_out = set(tables) - exported - set(BOOKKEEPING)
    assert not left_out, f"neither exported nor bookkeeping: {sorted(left_out)}"
    assert not exported & set(BOOKKEEPING), "a table both exported and bookkeeping"
    assert set(BOOKKEEPING) <= set(tables), "bookkeeping names a table without a user_id"
    for name, table in tables.items():
        (key,) = [fk for fk in table.c.user_id.foreign_keys if fk.column.table.name == "users"]
        assert key.ondelete == "CASCADE", f"{name}: deleting the user would leave its rows"


def _counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t.model)) for t in _tables()}


def test_deleting_the_account_removes_every_row_of_every_kind(app):
    with app.app_context():
        user = full_account()
        assert all(_counts().values()), _counts()
        account.delete_account(
            user, PASSWORD, now=NOW, policy=LoginPolicy(), upload_folder=app.instance_path
        )
        db.session.commit()
        assert _counts() == dict.fromkeys(_counts(), 0)


def test_every_kind_round_trips_through_json_with_rows_in_every_table(app):
    with app.app_context():
        original = services.export(full_account(), "json", now=NOW).data
        doc = json.loads(original)
        target = empty_user()
        counts = services.import_json(target, original, now=NOW)
        db.session.commit()
        again = services.export(get_user(target.id), "json", now=NOW).data
    empty = [table.name for table in _tables() if not doc.get(table.name)]
    assert not empty, f"tables without a row in the full account: {empty}"
    assert counts == {table.name: len(doc[table.name]) for table in _tables()}
    assert again == original


def test_every_kind_round_trips_through_the_csv_zip_but_its_private_columns(app):
    with app.app_context():
        user = full_account()
        original = json.loads(services.export(user, "json", now=NOW).data)
        data = services.export(user, "csv", now=NOW).data
        target = empty_user()
        services.import_csv(target, data, now=NOW, max_bytes=2**24)
        db.session.commit()
        again = json.loads(services.export(get_user(target.id), "json", now=NOW).data)
    for table in _tables():
        rows = original[table.name]
        assert rows, table.name
        private = {c: None for c in table.private}  # never in the CSV: imported empty
        assert again[table.name] == [{**row, **private} for row in rows], table.name


def test_each_kind_in_the_fhir_bundle_adds_its_resources(app):
    assert {k.key for k in registry.KINDS if k.fhir is None} == set(NOT_IN_FHIR)
    with app.app_context():
        account = read_account(full_account())
    for kind in registry.KINDS:
        if kind.fhir is None:
            continue
        entries = Entries()
        kind.fhir(
            BundleContext(account, entries, "urn:uuid:patient", Canonicals(), date(2025, 6, 1))
        )
        assert entries.items, f"{kind.key}: its FHIR mapping added nothing for a full account"


def test_the_profile_is_the_accounts_settings_then_each_kinds(app):
    kinds = [setting.key for kind in registry.KINDS for setting in kind.profile]
    with app.app_context():
        written = read_account(full_account()).profile
    assert list(written) == [*ACCOUNT_SETTINGS, *kinds]
    assert set(PROFILE_CELLS) <= set(written)


def test_every_setting_of_the_user_is_in_the_profile_or_named_with_a_reason():
    """A kind's setting (a column of users) not declared in its kind's `profile` fails here."""
    settings = {*ACCOUNT_SETTINGS, *(s.key for kind in registry.KINDS for s in kind.profile)}
    columns = set(User.__table__.c.keys())
    assert columns - set(NOT_IN_PROFILE) == settings
    assert set(NOT_IN_PROFILE) <= columns, "NOT_IN_PROFILE names a column users does not have"
