"""One token's requests are counted per minute where every server process sees them; past
the limit the API answers 429 in its error body, and another token is not affected."""

from tests.api.factories import bearer, token
from tests.conftest import config, make_user
from tracker.app import create_app
from tracker.extensions import db


def test_a_token_past_its_minute_gets_429_and_another_token_does_not(database_url, tmp_path):
    app = create_app(config(database_url, str(tmp_path), API_REQUESTS_PER_MINUTE=3))
    try:
        uid = make_user(app)
        client = app.test_client()
        busy, calm = bearer(token(app, uid)), bearer(token(app, uid, name="other"))
        answers = [client.get("/api/v1/medications", headers=busy).status_code for _ in range(3)]
        assert answers == [200, 200, 200]
        refused = client.get("/api/v1/medications", headers=busy)
        assert refused.status_code == 429
        error = refused.json["error"]
        assert error["code"] == "too_many_requests" and "More than 3 requests" in error["message"]
        assert client.get("/api/v1/medications", headers=calm).status_code == 200
    finally:
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
            db.engine.dispose()
