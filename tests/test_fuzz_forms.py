"""Every form of the project, fuzzed: random and hostile values (huge strings, control
characters, NUL, HTML and script, SQL fragments, invalid and extreme dates, Unicode of every
plane, wrong types, missing and repeated fields, stray fields, odd files) posted by hypothesis.
Each answer is a success or a page with a clear error, never a 500 (the test client raises the
view's exception, with its traceback), and nothing posted comes back unescaped.

The forms are found, not listed: every URL pattern of the project is asked whether it takes a
POST (``test_every_view_that_takes_a_post_is_fuzzed`` fails for one whose form no page shows),
and every page is read for its forms (filters and searches sent by GET included). Each form is
posted by a user the access matrix (tests/matrix) lets use it. Django's admin site is left out:
its forms are Django's own, for superusers only.

Examples per form: 200 in CI's profile (SCRQM_TEST_PROFILE=ci, set by .ci/run), 15 otherwise,
or SCRQM_FUZZ_EXAMPLES. Each example runs in a savepoint rolled back after it.
"""

import os
import re
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import make_cast
from tests.formdata import Form, all_forms
from tests.test_access_matrix import BUILDERS, EXPECTED, PATTERNS, PROJECT_PATTERNS

pytestmark = pytest.mark.django_db

PROFILE = os.environ.get("SCRQM_TEST_PROFILE", "")
EXAMPLES = int(os.environ.get("SCRQM_FUZZ_EXAMPLES") or (200 if PROFILE == "ci" else 15))
# Who is tried first for a form: the people who use most of them.
KINDS = ["manager", "chair", "reviewer", "member", "admin", "outsider", "reviewer_off"]
# Pages that are downloads (PDF, spreadsheets, files: a dot in the address): no form on them.
DOWNLOAD = re.compile(r"\.|download")


# --- Hostile values ------------------------------------------------------------------------

CSRF = "csrfmiddlewaretoken"
MARK = "fuzz"  # every HTML payload opens a tag or attribute with this name
HTML = [
    "<fuzz-tag>",
    "<script>fuzz()</script>",
    '"><fuzz-tag onmouseover="fuzz()">',
    "'><fuzz-tag>",
    "</textarea><fuzz-tag>",
    "</title><fuzz-tag>",
    '<img src=x onerror="fuzz()">',
    "<svg/onload=fuzz()>",
    "javascript:fuzz()",
    "{{ fuzz }}{% fuzz %}",
]
# What must never appear in a page as it was sent: the payloads' tags and attributes.
UNESCAPED = re.compile(
    r"<fuzz-tag|<script>fuzz|onmouseover=\"fuzz|onerror=\"fuzz|<svg/onload", re.I
)
SQL = [
    "' OR '1'='1",
    "1; DROP TABLE reviews_review; --",
    "' UNION SELECT password FROM accounts_user --",
    "%",
    "_",
    "\\",
    "%' AND 1=1 --",
    "1' OR 1=1#",
]
NUMBERS = [
    "0",
    "-1",
    "1",
    "13",
    "29",
    "31",
    "32",
    "99",
    "1900",
    "2026",
    "0000",
    "9999",
    "10000",
    "99999999999999999999999999",
    "-99999999999999999999",
    "1.5",
    "1e9",
    "1e309",
    "NaN",
    "inf",
    "0x10",
    " 12 ",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
    "2026-02-30",
    "30/02/2026",
    "true",
    "null",
    "[]",
    "{}",
]
ODD_TEXT = [
    "\x00",
    "a\x00b",
    "\ufeff",
    "\u202e",
    "\u2028\u2029",
    "e\u0301\u0301\u0301",
    "\U0001f600",
    "\U00020000",
    "\U000e0001",
    "\U0010fffd",
    "\uffff",
    " ",
    "\t\r\n",
]
plain = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
control = st.text(st.characters(max_codepoint=0x1F) | st.just("\x7f"), min_size=1, max_size=10)
huge = st.sampled_from(
    ["A" * 100_000, "<fuzz-tag>" * 5_000, "\U0001f600" * 20_000, "word " * 20_000]
)
hostile = st.one_of(
    st.sampled_from(HTML),
    st.sampled_from(SQL),
    st.sampled_from(NUMBERS),
    st.sampled_from(ODD_TEXT),
    plain,
    control,
    huge,
    st.tuples(plain, st.sampled_from(HTML + ODD_TEXT)).map("".join),
)


def _usual(f) -> str:
    """A value the field accepts as a browser would send it, or something close."""
    if f.choices:
        return f.choices[0]
    if f.values and f.values[0]:
        return f.values[0]
    name = f.name
    if name.endswith("_0"):
        return "1"
    if name.endswith("_1"):
        return "2"
    if name.endswith("_2"):
        return "2026"
    if f.kind == "number":
        return "3"
    if f.kind == "email":
        return "someone@example.org"
    if f.kind == "url":
        return "https://example.org/"
    return "Some text"


def _field(f) -> st.SearchStrategy:
    """The values sent for one field: usually sensible, often hostile, sometimes missing,
    repeated or of the wrong kind. None: the field is not sent."""
    usual = st.sampled_from(f.choices) if f.choices else st.just(_usual(f))
    one = st.one_of(usual, usual, usual, hostile)
    return st.one_of(
        usual.map(lambda v: [v]),
        usual.map(lambda v: [v]),
        one.map(lambda v: [v]),
        st.just(None),
        st.lists(one, min_size=2, max_size=3),
        st.lists(usual, min_size=0, max_size=len(f.choices)) if f.choices else st.just([]),
    )


# A name a browser would send (an empty one is no file at all to Django's parser).
file_name = st.one_of(
    st.sampled_from(["a.pdf", "x.exe.pdf", "\x00.pdf", "<fuzz-tag>.txt", "a" * 300 + ".pdf"]),
    plain,
).filter(lambda n: os.path.basename(n).strip() not in ("", ".", ".."))
upload = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    file_name,
    st.one_of(st.binary(max_size=200), st.sampled_from([b"%PDF-1.4\n", b"MZ\x90\x00", b""])),
)


def form_data(form: Form) -> st.SearchStrategy:
    """Every field of the form, each fuzzed, plus now and then a field the form does not have."""
    fields = {
        name: upload if f.kind == "file" else _field(f)
        for name, f in form.fields.items()
        if f.kind != "submit" and name != CSRF
    }
    # A browser always sends the page's CSRF token (without it the answer is a 403).
    if CSRF in form.fields:
        fields[CSRF] = st.just(form.fields[CSRF].values)
    extra = st.dictionaries(
        st.sampled_from(["answer_999999", "id", "pk", "review", MARK]),
        hostile.map(lambda v: [v]),
        max_size=1,
    )
    return st.tuples(st.fixed_dictionaries(fields), extra).map(
        lambda t: {k: v for k, v in {**t[0], **t[1]}.items() if v is not None and v != []}
    )


# --- Finding the forms ----------------------------------------------------------------------


@dataclass
class Target:
    """One form: where it is sent, how, by whom, and its fields as the page shows them."""

    name: str  # the URL name of its action
    method: str
    url: str
    kind: str
    form: Form
    page: str  # where it was found


@dataclass
class World:
    """The standard cast and one of every record (the access matrix's), in the states that
    show every form: an action awaiting verification, a privacy match, a rapid review that
    can be converted, someone with a security code to enter, a working password-reset link."""

    users: dict
    args: dict
    pages: list  # (url name, its arguments) of every page read for forms


def _world() -> World:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reviews.models import Action, AssessmentPoint, Finding, Review
    from tests.factories import ReviewFactory, ReviewRoleFactory, UserFactory

    cast = make_cast()
    args = {}
    for build in BUILDERS:
        args.update(build(cast))
    Action.objects.filter(pk=args["action_pk"]).update(status=Action.Status.COMPLETED)
    Finding.objects.filter(review=cast.review).update(text="Jayden was not seen at school.")
    AssessmentPoint.objects.create(review=cast.review, kind="final", taken_by=cast.reviewer)
    rapid = ReviewFactory(board=cast.board, kind=Review.Kind.RAPID, reference="RR-2026-009")
    ReviewRoleFactory(review=rapid, user=cast.manager, role="board_manager")
    coded = UserFactory(username="coded")
    TOTPDevice.objects.create(user=coded, name="Authenticator app", confirmed=True)
    # Someone who has entered their code this session: the account page shows them the
    # forms that change their codes.
    verified = UserFactory(username="verified")
    TOTPDevice.objects.create(user=verified, name="Authenticator app", confirmed=True)
    resetting = UserFactory(username="resetting")  # never signed in: its link stays valid
    args["uidb64"] = urlsafe_base64_encode(force_bytes(resetting.pk))
    args["token"] = default_token_generator.make_token(resetting)
    users = {**cast.kinds(), "verified": verified, "coded": coded}
    pages = [(n, args) for n in PROJECT_PATTERNS if not DOWNLOAD.search(n + _url(n, args))]
    pages.append(("reviews:detail", {**args, "pk": rapid.pk}))
    return World(users, args, pages)


def _url(name, args) -> str:
    return reverse(name, kwargs={a: args[a] for a in PATTERNS[name]})


class FastClient(Client):
    """Django's test client without its record of every template rendered (a copy of the
    context for each of the thousands of templates a GOV.UK form page renders): the view's
    exception is raised all the same."""

    def request(self, **request):
        environ = self._base_environ(**request)
        raised = []

        def store(**kwargs):
            raised.append(sys.exc_info())

        got_request_exception.connect(store, dispatch_uid="fuzz-exception")
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid="fuzz-exception")
        if raised:
            raise raised[0][1].with_traceback(raised[0][2])
        if response.cookies:
            self.cookies.update(response.cookies)
        response.client = self
        response.request = request
        return response


def _client(world, kind) -> Client:
    client = FastClient(raise_request_exception=True)
    user = world.users[kind]
    if user is not None:
        client.force_login(user)
    if kind == "verified":
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = (
            user.totpdevice_set.filter(confirmed=True).first().persistent_id
        )
        session.save()
    return client


def _users(name, method) -> list[str]:
    """Who may use a page, best first, from the access matrix (anonymous users last, and
    then someone who has entered a security code, and last of all someone signed in who has
    still to enter one)."""
    table = EXPECTED.get(name, {})
    row = table.get(method) or table.get("get") or {}
    ok = [k for k in KINDS if row.get(k) in (200, 302)]
    if row.get("anonymous") == 200:
        ok.insert(0, "anonymous")
    return [*(ok or KINDS), "verified", "coded"]


def takes_post(world) -> list[str]:
    """URL names of the project whose view answers a POST (anything but 405)."""
    out, clients = [], {}
    for name in PROJECT_PATTERNS:
        kind = _users(name, "post")[0]
        if kind not in clients:
            client = _client(world, kind)
            clients[kind] = client, SimpleCookie(client.cookies)
        client, cookies = clients[kind]
        client.cookies = SimpleCookie(cookies)
        with transaction.atomic():
            if client.post(_url(name, world.args)).status_code != 405:
                out.append(name)
            transaction.set_rollback(True)  # a sign-out, a withdrawal: undone
    return out


def _action_name(action: str, page_url: str) -> str | None:
    path = urlsplit(action).path if action else urlsplit(page_url).path
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Finder:
    """Every form on every page of the project, each page read as the first user who may
    see it; a form sent by POST is kept as seen by a user who may send it."""

    def __init__(self, world: World):
        self.world = world
        self.read: dict[tuple, list[Form]] = {}
        self.targets: dict[tuple[str, str], Target] = {}
        for page, args in world.pages:
            kind = _users(page, "get")[0]
            for form in self.forms_on(page, args, kind):
                self._keep(form, kind, page)

    def forms_on(self, page, args, kind) -> list[Form]:
        key = (page, tuple(sorted(args.items())), kind)
        if key not in self.read:
            url = _url(page, args)
            client = _client(self.world, kind)
            response = client.get(url, follow=True)
            final = response.redirect_chain[-1][0] if response.redirect_chain else url
            html = response.content.decode() if "html" in response.get("Content-Type", "") else ""
            forms = all_forms(html) if response.status_code == 200 else []
            for f in forms:
                # Sent by the client that read the page, as it was then (its session holds
                # what the page put there: a password-reset link's token).
                f.page_url, f.client, f.cookies = final, client, SimpleCookie(client.cookies)
            self.read[key] = forms
        return self.read[key]

    def _keep(self, form, kind, page, name=None) -> bool:
        found = _action_name(form.action, form.page_url)
        if found is None or found.startswith("admin:") or (name and found != name):
            return False
        if form.method == "post" and kind not in _users(found, "post"):
            return False
        target = Target(found, form.method, form.action or form.page_url, kind, form, page)
        self.targets.setdefault((found, form.method), target)
        return True

    def post_targets(self) -> tuple[dict, list[str]]:
        """A target for every view that takes a POST, looked for as the users who may send
        it; and the views whose form no page shows."""
        missing = []
        for name in takes_post(self.world):
            if (name, "post") in self.targets:
                continue
            # The pages nearest to the form's address first (a comment's form is on its
            # marker's page): the form is found after reading a few.
            here = _url(name, self.world.args)
            pages = sorted(
                self.world.pages,
                key=lambda p: -len(os.path.commonprefix([here, _url(p[0], p[1])])),
            )
            if not any(
                self._keep(form, kind, page, name)
                for kind in _users(name, "post")
                for page, args in pages
                for form in self.forms_on(page, args, kind)
                if form.method == "post"
            ):
                missing.append(name)
        return self.targets, missing


# --- The tests -------------------------------------------------------------------------------


def test_every_view_that_takes_a_post_is_fuzzed():
    """A view that answers a POST must show its form on some page, to someone allowed to
    send it (then the fuzz test below finds it); a page that is not a form answers 405."""
    targets, missing = Finder(_world()).post_targets()
    assert not missing, f"views that take a POST but whose form no page shows: {missing}"
    assert len(targets) > 40


def _check(target: Target, response, data) -> None:
    status = response.status_code
    assert status < 500, (target.name, status)
    if response.streaming:  # a download (a review's archive): not a page
        return
    body = response.content.decode(errors="replace")
    if "html" in response.get("Content-Type", ""):
        bad = UNESCAPED.search(body)
        assert bad is None, f"{target.name}: unescaped {bad.group(0)!r} in {body[:200]}"
    if target.method == "post" and status == 200 and "html" in response.get("Content-Type", ""):
        # The form again, saying what is wrong at the top and beside the field; or a page
        # that says what was done (a confirmation panel: new backup codes, shown only once).
        said = ("govuk-error-summary", "govuk-notification-banner", "govuk-panel--confirmation")
        assert any(s in body for s in said), (
            f"{target.name}: a POST answered 200 without saying what was wrong"
        )


def _send(client, target: Target, data):
    if target.method == "get":
        return client.get(target.url, {k: v for k, v in data.items() if not hasattr(v, "read")})
    return client.post(target.url, data)


def _fuzzer(target: Target, count: list[int]):
    """The hypothesis test of one form: each example in a savepoint, rolled back."""
    client = target.form.client

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=form_data(target.form))
    def fuzz(data):
        count[0] += 1
        client.cookies = SimpleCookie(target.form.cookies)  # as read (a sign-out undone)
        with transaction.atomic():
            response = _send(client, target, data)
            _check(target, response, data)
            if response.status_code in (301, 302, 303) and any(
                MARK in str(v) for v in data.values()
            ):
                location = response["Location"]
                if location.startswith("/") and not location.startswith("/admin/"):
                    shown = Target(target.name, "get", location, "", Form(""), "")
                    _check(shown, client.get(location), {})
            transaction.set_rollback(True)

    return fuzz


def test_every_form_refuses_hostile_values_clearly_never_with_a_500(capsys):
    world = _world()
    targets, missing = Finder(world).post_targets()
    assert not missing, missing
    failures, total, started, cpu = [], 0, time.monotonic(), time.process_time()
    for key in sorted(targets):
        target = targets[key]
        count = [0]
        fuzz = _fuzzer(target, count)
        t0, c0 = time.monotonic(), time.process_time()
        try:
            fuzz()
        except Exception as exc:  # noqa: BLE001 - collected, reported together below
            failures.append(f"{target.method.upper()} {target.name} ({target.url}): {exc!r}")
        total += count[0]
        with capsys.disabled():
            print(
                f"  fuzzed {target.method.upper():4} {target.name}: {count[0]} examples, "
                f"{time.monotonic() - t0:.1f} s ({time.process_time() - c0:.1f} s CPU)"
            )
    with capsys.disabled():
        print(
            f"\nFuzzed {len(targets)} forms, {total} examples "
            f"({EXAMPLES} per form), {time.monotonic() - started:.0f} s "
            f"({time.process_time() - cpu:.0f} s CPU)"
        )
    assert not failures, "\n".join(failures)
