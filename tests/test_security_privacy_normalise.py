"""Privacy matching (issue 12, finding 6): names hyphenated across lines in PDFs, and names with
soft hyphens or zero-width characters, are found by the check and redacted in exports."""

import pytest

from reviews import privacy
from reviews.models import RestrictedTerm
from reviews.services import outcomes as services


def _hits(text, term="Jayden Smith"):
    return [h.matched for h in privacy.scan([term], [privacy.Source("x", "X", text)])]


@pytest.mark.parametrize(
    "text",
    [
        "We met Jay\u00adden at school.",
        "We met Jay\u200bden at school.",
        "We met Jay\u200dden at school.",
        "We met \ufeffJayden at school.",
        "We met Jay-\nden at school.",
        "We met Jay- \r\n den at school.",
    ],
)
def test_a_name_split_by_invisible_characters_or_a_line_hyphen_is_found(text):
    assert _hits(text) == ["Jayden"]


def test_a_double_barrelled_name_broken_at_its_hyphen_is_still_found():
    assert "Smith" in _hits("Mrs Smith-\nJones said", term="Smith")


def test_redaction_removes_a_name_hidden_by_zero_width_characters():
    redact = privacy.redactor(["Jayden Smith"])
    assert redact("Jay\u200bden was seen by Smi\u00adth") == "[restricted] was seen by [restricted]"


@pytest.mark.django_db
def test_a_name_hyphenated_across_lines_in_a_pdf_draft_is_found(cast):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden Smith")
    from weasyprint import HTML

    narrow = (
        "<html lang='en'><body style='width: 3cm; hyphens: manual'>"
        "<p>The practitioners who worked with Jay&shy;den&shy;ford</p></body></html>"
    )
    data = HTML(string=narrow).write_pdf()
    text = privacy.pdf_text(data)
    assert "Jaydenford" not in text  # the PDF's text has the name broken across lines
    RestrictedTerm.objects.create(review=cast.review, term="Jaydenford")
    hits = privacy.scan(
        services.restricted_list(cast.review), [privacy.Source("draft:1", "Draft", text)]
    )
    assert any(h.term == "Jaydenford" for h in hits)
