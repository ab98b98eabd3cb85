"""The privacy scanner (reviews/privacy.py): pure functions, real .docx and PDF files."""

import pytest

from reviews.privacy import Source, UnreadableDocument, document_text, docx_text, pdf_text, scan
from tests.outcomes_files import make_docx, make_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _matched(terms, text):
    return [h.matched for h in scan(terms, [Source("s", "Text", text)])]


def test_it_finds_a_name_whatever_the_case():
    assert _matched(["Jayden"], "jayden and JAYDEN and Jayden") == ["jayden", "JAYDEN", "Jayden"]


def test_it_finds_possessives():
    assert _matched(["Jayden"], "Jayden's school and Jayden’s GP") == ["Jayden's", "Jayden’s"]
    assert _matched(["Jones"], "the Jones' house") == ["Jones'"]


def test_it_does_not_match_inside_other_words():
    assert _matched(["Ann"], "Annual planning and Joanne") == []


def test_it_finds_each_part_of_a_full_name_and_the_full_name_once():
    hits = _matched(["Jayden Smith"], "Jayden Smith was seen. Later Jayden left; Mr Smith's car")
    assert hits == ["Jayden Smith", "Jayden", "Smith's"]


def test_it_finds_initials_with_or_without_stops():
    text = "J.S. was seen by J. S. and by JS at home"
    assert _matched(["Jayden Smith"], text) == ["J.S.", "J. S.", "JS"]


def test_it_ignores_lower_case_initials_and_short_parts():
    assert _matched(["Li Wu Chen"], "js and li and wu went to Chen's") == ["Chen's"]


def test_it_matches_across_line_breaks_and_extra_spaces():
    assert _matched(["14 Elm Road"], "lived at 14  Elm\nRoad, Northtown") == ["14  Elm\nRoad"]


def test_it_matches_addresses_whole_not_by_word():
    assert _matched(["14 Elm Road"], "the road was busy") == []


def test_it_finds_dates_of_birth_written_in_several_ways():
    text = "born 12/03/2015, or 12.3.15, or 12 March 2015, or 12th of Mar 2015, or 2015-03-12"
    assert len(_matched(["12/03/2015"], text)) == 5


def test_it_does_not_match_part_of_a_longer_number():
    assert _matched(["12/03/2015"], "ref 112/03/20155") == []


def test_it_reports_context_around_each_hit():
    text = "The health visitor saw Jayden at the clinic on a Tuesday morning."
    (hit,) = scan(["Jayden"], [Source("finding:1", "Finding 1", text)], context=20)
    assert hit.before == "health visitor saw "
    assert hit.after == " at the clinic on a"
    assert hit.source_label == "Finding 1"
    assert "saw Jayden at" in hit.context


def test_it_keeps_the_fingerprint_while_the_words_around_stay_the_same():
    a = scan(["Jayden"], [Source("f:1", "F", "saw Jayden at home")])[0]
    b = scan(["jayden"], [Source("f:1", "F", "saw  Jayden at home")])[0]
    c = scan(["Jayden"], [Source("f:1", "F", "met Jayden at home")])[0]
    d = scan(["Jayden"], [Source("f:2", "F", "saw Jayden at home")])[0]
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint != c.fingerprint
    assert a.fingerprint != d.fingerprint


def test_it_orders_hits_by_source_then_position():
    sources = [Source("a", "A", "Smith then Jayden"), Source("b", "B", "Jayden")]
    hits = scan(["Jayden", "Smith"], sources)
    assert [(h.source_key, h.matched) for h in hits] == [
        ("a", "Smith"),
        ("a", "Jayden"),
        ("b", "Jayden"),
    ]


def test_it_ignores_blank_terms_and_empty_texts():
    assert scan(["", "  "], [Source("a", "A", "anything")]) == []
    assert scan(["Jayden"], [Source("a", "A", "")]) == []


def test_it_treats_regex_characters_in_terms_literally():
    assert _matched(["St. Mary's (C of E)"], "went to St. Mary's (C of E) school") == [
        "St. Mary's (C of E)"
    ]


def test_it_reads_the_text_of_a_word_document():
    data = make_docx(["First paragraph about Jayden.", "Second: 14 Elm Road."], split_runs=True)
    text = docx_text(data)
    assert "Jayden." in text
    assert len(_matched(["Jayden", "14 Elm Road"], text)) == 2


def test_it_reads_the_text_of_a_pdf():
    data = make_pdf(["The report mentions Jayden Smith's school."])
    assert "Jayden" in pdf_text(data)
    assert _matched(["Jayden Smith"], document_text(data, "application/pdf"))[0].startswith(
        "Jayden Smith"
    )


def test_it_refuses_a_corrupt_word_document():
    with pytest.raises(UnreadableDocument):
        docx_text(b"PK\x03\x04 not really a zip")


def test_it_refuses_a_corrupt_pdf():
    with pytest.raises(UnreadableDocument):
        pdf_text(b"%PDF-1.7 garbage")


def test_it_refuses_types_it_cannot_read():
    with pytest.raises(UnreadableDocument):
        document_text(b"\x89PNG", "image/png")
    assert document_text(b"Jayden", "text/plain") == "Jayden"
    assert "x" in document_text(make_docx(["x"]), DOCX)
