"""Which symptoms a user follows: defaults, settings, their own symptoms."""

import pytest

from tests.conftest import make_user
from tests.symptoms.factories import get_user, log
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.symptoms.following import (
    add_symptom,
    all_symptoms,
    followed_symptoms,
    update_settings,
)
from tracker.symptoms.models import Symptom


@pytest.fixture
def uid(app):
    return make_user(app)


def _names(views):
    return [v.name for v in views]


def test_a_new_user_follows_numbness_and_fog_without_any_row_written(app, uid):
    with app.app_context():
        assert _names(followed_symptoms(get_user(uid))) == ["Emotional numbness", "Brain fog"]
        assert db.session.scalar(db.select(db.func.count(Symptom.id))) == 0


def test_every_list_puts_followed_first_with_numbness_and_fog_leading(app, uid):
    with app.app_context():
        user = get_user(uid)
        update_settings(user, followed=["nausea", "brain_fog", "emotional_numbness"])
        db.session.commit()
    with app.app_context():
        names = _names(all_symptoms(get_user(uid)))
        assert names[:4] == ["Emotional numbness", "Brain fog", "Nausea", "Drowsiness / sedation"]
        assert len(names) == 24


def test_unfollowing_a_default_is_remembered(app, uid):
    with app.app_context():
        update_settings(get_user(uid), followed=["brain_fog", "insomnia"])
        db.session.commit()
    with app.app_context():
        assert _names(followed_symptoms(get_user(uid))) == ["Brain fog", "Insomnia"]


def test_logging_a_symptom_does_not_follow_it(app, uid):
    with app.app_context():
        log(get_user(uid), "nausea", 3)
        db.session.commit()
    with app.app_context():
        assert _names(followed_symptoms(get_user(uid))) == ["Emotional numbness", "Brain fog"]


def test_own_symptom_is_added_followed_after_the_catalog_ones(app, uid):
    with app.app_context():
        added = update_settings(
            get_user(uid),
            followed=["emotional_numbness", "brain_fog"],
            new_name="  Jaw   clenching ",
        )
        db.session.commit()
        ref = f"own{added.id}"
    with app.app_context():
        views = followed_symptoms(get_user(uid))
        assert _names(views) == ["Emotional numbness", "Brain fog", "Jaw clenching"]
        assert views[-1].ref == ref and views[-1].own


def test_own_symptom_can_be_unfollowed_and_followed_again(app, uid):
    with app.app_context():
        ref = f"own{add_symptom(get_user(uid), 'Jaw clenching').id}"
        update_settings(get_user(uid), followed=[])
        db.session.commit()
        assert followed_symptoms(get_user(uid)) == []
        update_settings(get_user(uid), followed=[ref])
        db.session.commit()
        assert _names(followed_symptoms(get_user(uid))) == ["Jaw clenching"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 81, "80 characters"),
        ("BRAIN FOG", "already in the list"),
        ("restlessness / Akathisia", "already in the list"),
        ("jaw CLENCHING", "already have a symptom"),
        ("   ", "Enter the symptom"),
    ],
)
def test_own_symptom_name_rules(app, uid, name, message):
    with app.app_context():
        add_symptom(get_user(uid), "Jaw clenching")
        db.session.commit()
        with pytest.raises(Invalid, match=message) as caught:
            add_symptom(get_user(uid), name)
        assert caught.value.field == "new_name"
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(Symptom.id))) == 1


def test_a_name_of_exactly_80_characters_is_accepted(app, uid):
    with app.app_context():
        assert len(add_symptom(get_user(uid), "y" * 80).name) == 80


def test_following_an_unknown_symptom_is_refused(app, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        theirs = add_symptom(get_user(other), "Jaw clenching")
        db.session.commit()
        with pytest.raises(Invalid, match="from the list"):
            update_settings(get_user(uid), followed=[f"own{theirs.id}"])
        with pytest.raises(Invalid, match="from the list"):
            update_settings(get_user(uid), followed=["not_a_symptom"])
