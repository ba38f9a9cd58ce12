from tests.conftest import login, make_user


def test_today_page_greets_a_new_user_with_no_doses(app, client):
    make_user(app)
    assert login(client).headers["Location"] == "/today"
    body = client.get("/today").get_data(as_text=True)
    assert "No scheduled doses on this day" in body
