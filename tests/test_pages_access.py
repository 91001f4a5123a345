"""Who may use the pages: sign-in with an API key when keys are configured, the
API's roles, the same-site check on every page POST, and the rate limits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pages.session import COOKIE
from tests.api_support import CSM_KEY, OPS, OPS_KEY, VIEWER_KEY, settings_for
from tests.page_seed import SAME_SITE, page_app

CROSS_SITE = {"Origin": "http://evil.example"}


@pytest.fixture
def keyed(api_book):
    app = create_app(settings_for(api_book))
    with TestClient(app, headers=SAME_SITE) as client:
        yield client


def _sign_in(client, key: str):
    return client.post("/sign-in", data={"key": key}, follow_redirects=False)


def test_pages_redirect_to_sign_in_when_keys_are_configured(keyed, api_book):
    for path in ("/design", "/accounts", f"/accounts/{api_book.own_account}", "/runs"):
        answer = keyed.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/sign-in?next=")
    assert keyed.get("/sign-in").status_code == 200
    assert keyed.get("/static/csops.css").status_code == 200


def test_a_bad_key_is_refused_and_a_good_one_sets_a_strict_cookie(keyed):
    bad = _sign_in(keyed, "not-a-key-at-all-but-long-enough")
    good = _sign_in(keyed, OPS_KEY)

    assert bad.status_code == 401 and "That key is not valid." in bad.text
    assert good.status_code == 303
    cookie = good.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Signed in as ops-test (ops)" in keyed.get("/design").text


def test_a_forged_cookie_is_not_a_session(keyed):
    keyed.cookies.set(COOKIE, "ops-test")

    assert keyed.get("/design", follow_redirects=False).status_code == 303


def test_a_viewer_reads_pages_but_may_not_post(keyed, api_book):
    _sign_in(keyed, VIEWER_KEY)

    read = keyed.get(f"/accounts/{api_book.own_account}")
    post = keyed.post(f"/workflows/{api_book.workflow_ref}/publish")

    assert read.status_code == 200
    assert post.status_code == 403 and "read-only key" in post.text


def test_a_csm_sees_only_their_accounts(keyed, api_book):
    _sign_in(keyed, CSM_KEY)

    own = keyed.get(f"/accounts/{api_book.own_account}")
    other = keyed.get(f"/accounts/{api_book.other_account}")
    book = keyed.get("/accounts")

    assert own.status_code == 200
    assert other.status_code == 403
    assert f'href="/accounts/{api_book.other_account}"' not in book.text


def test_a_csm_starts_a_run_recorded_by_their_person(keyed, api_book):
    _sign_in(keyed, CSM_KEY)
    ref = api_book.workflow_ref

    mine = keyed.post(f"/accounts/{api_book.own_account}/runs", data={"workflow": ref})
    theirs = keyed.post(
        f"/accounts/{api_book.other_account}/runs", data={"workflow": ref}
    )

    assert mine.status_code == 200 and f"by {api_book.csm_email}" in mine.text
    assert theirs.status_code == 403


def test_a_cross_site_post_is_refused_and_a_same_site_one_accepted(tmp_path):
    with TestClient(page_app(tmp_path)) as client:
        bare = client.post("/design", data={"description": "x"})
        cross = client.post("/design", data={"description": "x"}, headers=CROSS_SITE)
        referer = {"Referer": "http://testserver/design"}
        same = client.post("/design", data={"description": " "}, headers=referer)

    assert bare.status_code == 403 and cross.status_code == 403
    assert "sent from another site" in cross.text
    assert same.status_code == 422  # past the check, refused for its empty text


def test_a_cross_site_post_is_refused_when_signed_in(keyed, api_book):
    _sign_in(keyed, OPS_KEY)

    answer = keyed.post(
        f"/workflows/{api_book.workflow_ref}/publish", headers=CROSS_SITE
    )

    assert answer.status_code == 403


def test_open_pages_say_so_and_answer_head(tmp_path):
    with TestClient(page_app(tmp_path)) as client:
        page = client.get("/design")
        heads = [client.head(p).status_code for p in ("/design", "/accounts", "/runs")]

    assert "open: no API keys configured" in page.text
    assert heads == [200, 200, 200]


def test_failed_sign_ins_are_rate_limited_per_address(api_book):
    settings = settings_for(api_book, auth_failure_rate_limit="3/minute")
    with TestClient(create_app(settings), headers=SAME_SITE) as client:
        codes = [
            _sign_in(client, "wrong-key-" + "x" * 20).status_code for _ in range(4)
        ]
        api = client.get("/api/me", headers={"X-API-Key": "wrong"})
        good = client.get("/api/me", headers=OPS)

    assert codes == [401, 401, 401, 429]
    assert api.status_code == 429 and int(api.headers["retry-after"]) >= 1
    assert good.status_code == 429  # the address is blocked, whatever the key


def test_magic_link_pages_are_rate_limited_per_address(api_book):
    settings = settings_for(api_book, link_rate_limit="3/minute")
    with TestClient(create_app(settings)) as client:
        codes = [client.get(f"/l/guess-{n}").status_code for n in range(4)]
        last = client.post("/l/guess-9")

    assert codes == [404, 404, 404, 429]
    assert last.status_code == 429 and "Too many tries" in last.text
    assert int(last.headers["retry-after"]) >= 1


def test_a_link_body_over_the_limit_gets_the_phone_page(tmp_path):
    with TestClient(page_app(tmp_path)) as client:
        answer = client.post("/l/anything", content=b"x" * 1_100_000)

    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert 'class="phone"' in answer.text
