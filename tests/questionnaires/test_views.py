"""Questionnaire pages over HTTP: forms keep what was chosen, errors sit by their item."""

import re
from datetime import timedelta

import pytest

from tests.conftest import login, make_user
from tests.questionnaires.factories import count
from tracker.extensions import db
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def logged_in(app, client):
    make_user(app, tz=TZ)
    login(client)
    return client


def _answers(values, **extra):
    return {**{f"item{n}": v for n, v in enumerate(values, start=1)}, **extra}


def _take(client, key, values, **extra):
    return client.post(f"/questionnaires/{key}", data=_answers(values, **extra))


def _id(response):
    return int(re.search(r"/questionnaires/(\d+)", response.headers["Location"]).group(1))


def _checked(page, name, value):
    tag = re.search(rf'<input[^>]*id="{name}-{value}"[^>]*>', page).group(0)
    return "checked" in tag


def test_phq9_page_shows_the_stem_items_and_answers_in_fieldsets(logged_in):
    page = logged_in.get("/questionnaires/phq9").get_data(as_text=True)
    assert "Over the last 2 weeks, how often have you been bothered by any of the following" in page
    assert "<legend>9. Thoughts that you would be better off dead or of hurting yourself" in page
    assert page.count("<fieldset") == 10  # nine items and the unscored difficulty question
    assert page.count('type="radio"') == 9 * 4 + 4
    assert "More than half the days" in page


def test_fibser_page_shows_its_anchors(logged_in):
    page = logged_in.get("/questionnaires/fibser").get_data(as_text=True)
    for text in ("Present 90% of the time", "Intolerable", "Unable to function", "past week"):
        assert text in page


@pytest.mark.parametrize("path", ["/questionnaires/bdi", "/questionnaires/other"])
def test_unknown_instrument_is_not_found(logged_in, path):
    assert logged_in.get(path).status_code == 404
    assert logged_in.post(path, data={}).status_code == 404


def test_missing_item_comes_back_filled_in_with_the_message_beside_it(app, logged_in):
    response = _take(logged_in, "gad7", [2, 1, "", 3, 0, 1, 2], note="rough week")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="item3-error"' in page and "Choose an answer." in page
    assert _checked(page, "item1", 2) and _checked(page, "item4", 3)
    assert not _checked(page, "item1", 0)
    assert "rough week" in page
    with app.app_context():
        assert count() == 0


def test_an_answer_of_4_on_a_phq9_item_is_refused(app, logged_in):
    response = _take(logged_in, "phq9", [0, 0, 0, 0, 4, 0, 0, 0, 0])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="item5-error"' in page and "Choose one of the answers shown." in page
    with app.app_context():
        assert count() == 0


def test_saving_shows_the_result_with_total_band_and_no_crisis_box(app, logged_in):
    response = _take(logged_in, "phq9", [1, 2, 0, 3, 1, 0, 2, 1, 0], difficulty="1")
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Total <strong>10</strong> of 27: moderate." in page
    assert "This is your first PHQ-9" in page
    assert "Somewhat difficult" in page
    assert 'role="alert"' not in page
    assert app.config["CRISIS_TEXT"] not in page


def test_item9_above_0_shows_the_crisis_text_first_even_with_a_total_of_1(app, logged_in):
    response = _take(logged_in, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    main = page.split('<main id="main">', 1)[1]
    alert = re.search(r'<div class="error-box crisis" role="alert"[^>]*>(.*?)</div>', main, re.S)
    assert alert and app.config["CRISIS_TEXT"].replace("'", "&#39;") in alert.group(1)
    assert main.index('role="alert"') < main.index("<h1>")
    assert "Total <strong>1</strong> of 27: minimal." in page
    assert "PHQ-9 item 9: thoughts of self-harm (answered &#39;Several days&#39;)" in page


def test_item9_above_0_on_a_form_sent_back_still_shows_the_crisis_text(app, logged_in):
    response = _take(logged_in, "phq9", [0, "", 0, 0, 0, 0, 0, 0, 2])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="error-box crisis" role="alert"' in page
    assert app.config["CRISIS_TEXT"].replace("'", "&#39;") in page
    assert 'role="alert"' not in _take(logged_in, "phq9", [0, ""] + [0] * 7).get_data(as_text=True)


def test_item9_is_flagged_in_the_history(logged_in):
    _take(logged_in, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 2])
    page = logged_in.get("/questionnaires").get_data(as_text=True)
    assert "answered &#39;More than half the days&#39;" in page
    assert 'class="q-flagged"' in page


def test_double_submit_records_once(app, logged_in):
    form = [1, 1, 1, 1, 1, 1, 1]
    first = _take(logged_in, "gad7", form, request_key="twice01")
    second = _take(logged_in, "gad7", form, request_key="twice01")
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert count() == 1


def test_coming_from_today_the_result_page_leads_back_there(logged_in):
    day = local_today(TZ, utcnow()).isoformat()
    page = logged_in.get(f"/questionnaires/gad7?next=/today?day={day}").get_data(as_text=True)
    assert f'name="next" value="/today?day={day}"' in page
    response = _take(logged_in, "gad7", [0] * 7, next=f"/today?day={day}")
    assert "/questionnaires/" in response.headers["Location"]  # the result comes first
    result = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="/today?day={day}">Done</a>' in result


def test_an_outside_next_is_ignored(logged_in):
    response = _take(logged_in, "gad7", [0] * 7, next="https://evil.example/")
    assert "evil" not in response.headers["Location"]


def test_history_has_a_table_per_instrument_with_marks(logged_in):
    _take(logged_in, "phq9", [2, 2, 2, 2, 2, 2, 2, 2, 0])  # 16, the first
    _take(logged_in, "phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0])  # 4: response and remission
    _take(logged_in, "fibser", [3, 3, 4])
    page = logged_in.get("/questionnaires").get_data(as_text=True)
    assert page.count('class="table-scroll"') == 2
    assert "moderately severe" in page and "minimal" in page
    assert "Down 12 points (75%) from 16" in page
    assert '<span class="tag">response</span>' in page
    assert '<span class="tag">remission</span>' in page
    assert '<span class="tag">first score</span>' in page
    assert "moderate to marked impairment" in page
    assert "Marked impairment" in page


def test_reanswering_starts_filled_in_and_saves(app, logged_in):
    entry_id = _id(_take(logged_in, "gad7", [3, 3, 3, 0, 0, 0, 0]))
    page = logged_in.get(f"/questionnaires/{entry_id}/edit").get_data(as_text=True)
    assert _checked(page, "item1", 3) and _checked(page, "item7", 0)
    with app.app_context():
        version = db.session.get(QuestionnaireResponse, entry_id).row_version
    response = logged_in.post(
        f"/questionnaires/{entry_id}/edit", data=_answers([1] * 7, row_version=version)
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(QuestionnaireResponse, entry_id).total == 7


def test_reanswering_a_stale_page_says_so(logged_in):
    entry_id = _id(_take(logged_in, "gad7", [0] * 7))
    response = logged_in.post(
        f"/questionnaires/{entry_id}/edit", data=_answers([1] * 7, row_version=99)
    )
    assert response.status_code == 422
    assert "changed elsewhere" in response.get_data(as_text=True)


def test_delete_asks_first_then_deletes(app, logged_in):
    entry_id = _id(_take(logged_in, "gad7", [0] * 7))
    page = logged_in.get(f"/questionnaires/{entry_id}/delete").get_data(as_text=True)
    assert "Delete the GAD-7 of" in page
    with app.app_context():
        assert count() == 1
    response = logged_in.post(f"/questionnaires/{entry_id}/delete")
    assert response.headers["Location"] == "/questionnaires"
    with app.app_context():
        assert count() == 0


def test_other_score_form_suggests_licensed_instruments_by_name(logged_in):
    page = logged_in.get("/questionnaires/other/new").get_data(as_text=True)
    for name in ("ODQ", "GASS", "ASEC", "ASRM"):
        assert f'<option value="{name}">' in page
    assert 'list="q-instruments"' in page


def test_other_score_out_of_range_comes_back_filled_in(app, logged_in):
    response = logged_in.post(
        "/questionnaires/other/new",
        data={"name": "ODQ", "total": "1000", "taken_on": local_today(TZ, utcnow()).isoformat()},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="ODQ"' in page and 'value="1000"' in page
    assert 'id="total-error"' in page and "Enter 0 to 999." in page
    with app.app_context():
        assert count() == 0


def test_other_score_in_the_future_is_refused_beside_the_date(logged_in):
    tomorrow = local_today(TZ, utcnow()) + timedelta(days=1)
    response = logged_in.post(
        "/questionnaires/other/new",
        data={"name": "GASS", "total": "12", "taken_on": tomorrow.isoformat()},
    )
    assert response.status_code == 422
    assert 'id="taken_on-error"' in response.get_data(as_text=True)


def test_other_score_is_saved_listed_and_editable(app, logged_in):
    day = local_today(TZ, utcnow()) - timedelta(days=2)
    response = logged_in.post(
        "/questionnaires/other/new",
        data={"name": "ASEC", "total": "31", "taken_on": day.isoformat(), "request_key": "o1"},
    )
    assert response.headers["Location"] == "/questionnaires"
    page = logged_in.get("/questionnaires").get_data(as_text=True)
    assert "<td>ASEC</td><td>31</td>" in page
    with app.app_context():
        entry = db.session.scalars(db.select(QuestionnaireResponse)).one()
        entry_id, version = entry.id, entry.row_version
    form = logged_in.get(f"/questionnaires/{entry_id}/edit").get_data(as_text=True)
    assert 'value="31"' in form and f'value="{day.isoformat()}"' in form
    logged_in.post(
        f"/questionnaires/{entry_id}/edit",
        data={"name": "ASEC", "total": "25", "taken_on": day.isoformat(), "row_version": version},
    )
    with app.app_context():
        assert db.session.get(QuestionnaireResponse, entry_id).total == 25


def test_settings_change_the_cadence_within_7_to_90_days(app, logged_in):
    page = logged_in.get("/questionnaires/settings").get_data(as_text=True)
    assert 'value="14"' in page
    refused = logged_in.post("/questionnaires/settings", data={"questionnaire_days": "5"})
    assert refused.status_code == 422
    assert "Choose from 7 to 90 days." in refused.get_data(as_text=True)
    saved = logged_in.post("/questionnaires/settings", data={"questionnaire_days": "28"})
    assert saved.headers["Location"] == "/questionnaires"
    assert "Every 28 days" in logged_in.get("/questionnaires").get_data(as_text=True)


def test_another_users_entry_is_not_found(app, client):
    make_user(app, "a@example.org")
    make_user(app, "b@example.org")
    login(client, "a@example.org")
    entry_id = _id(_take(client, "phq9", [0] * 9))
    client.post("/logout")
    login(client, "b@example.org")
    for path in ("", "/edit", "/delete"):
        assert client.get(f"/questionnaires/{entry_id}{path}").status_code == 404
    for path in ("/edit", "/delete"):
        assert client.post(f"/questionnaires/{entry_id}{path}", data={}).status_code == 404
    with app.app_context():
        assert count() == 1


def test_pages_need_a_login(client):
    response = client.get("/questionnaires")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
