"""Sign-in and sign-up pieces that are plain functions (states/auth.py)."""

from counter.states.auth import error_items, safe_next, with_next
from counter.states.filing import start_path


def test_where_the_person_was_going_is_kept_through_sign_up_as_a_local_path_only():
    start = start_path("DRA_ACCESS_INFO")
    assert start == "/procedures/DRA_ACCESS_INFO/start"
    assert with_next("/signup", safe_next(start, "")) == "/signup?next=/procedures/DRA_ACCESS_INFO/start"
    assert with_next("/signup?kind=business", start).startswith("/signup?kind=business&next=/")
    assert with_next("/signup", "/track?code=AB&pin=1") == "/signup?next=/track%3Fcode%3DAB%26pin%3D1"
    for hostile in ("https://evil.example", "//evil.example", "/\\evil.example", ""):
        assert with_next("/signup", safe_next(hostile, "")) == "/signup"


def test_the_error_summary_lists_every_error_in_the_order_of_the_page():
    errors = {"password2": "B", "cin": "A", "form": "C", "mobile": "D"}
    assert error_items(errors) == [
        {"target": "input-cin", "text": "A"}, {"target": "input-mobile", "text": "D"},
        {"target": "input-password2", "text": "B"}, {"target": "", "text": "C"}]
