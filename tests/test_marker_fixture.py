"""Checks the SCR Quality Markers fixture against the source documents it was built from.

Plain pytest, no Django: the fixture is read as JSON and compared with the text extracted
from the published PDF (markers/source/scr-quality-markers-2016.txt) and with the clean
standalone documents of markers 3, 8, 16 and 18 (markers/source/README.md). A source
document that is missing or edited fails here with the file's name and the first text that
differs.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "markers" / "source"
FIXTURE = ROOT / "fixtures" / "scr_quality_markers_2016.json"
FULL_SOURCE = SOURCES / "scr-quality-markers-2016.txt"
STANDALONE = {
    3: SOURCES / "qm03-advising-board-members.md",
    8: SOURCES / "qm08-scr-management.txt",
    16: SOURCES / "qm16-board-written-response.md",
    18: SOURCES / "qm18-implementation-and-evaluation.txt",
}
SET_SLUG = "scr-qm-lipp-2016"

# Counted by hand from each marker's own page ("How might you know if you are meeting
# this quality marker?").
EXPECTED_QUESTION_COUNTS = {
    1: 3,
    2: 9,
    3: 2,
    4: 4,
    5: 3,
    6: 4,
    7: 5,
    8: 7,
    9: 8,
    10: 7,
    11: 8,
    12: 9,
    13: 11,
    14: 7,
    15: 5,
    16: 7,
    17: 4,
    18: 4,
}
EXPECTED_CLUSTERS = {
    1: "Setting up the review",
    2: "Running the review",
    3: "Outputs and outcomes from the review",
}
CLUSTER_OF = {n: 1 if n <= 5 else 2 if n <= 13 else 3 for n in range(1, 19)}
TEXT_FIELDS = [
    "quality_statement",
    "rationale",
    "knowledge_base",
    "equality_diversity",
    "statutory_guidance",
    "common_obstacles",
]
RUNNING_HEADERS = [
    "Serious Case Review Quality Markers",
    "Supporting dialogue about the principles of good practice",
]
NOTHING_FOUND = (
    "We have not been able to identify any relevant research base or practice knowledge for "
    "this quality statement."
)


# --- helpers -----------------------------------------------------------------------------


def missing_from(source: Path, where: str, text: str) -> str:
    return f"{rel(source)}: the fixture's {where} is not in this document: {text[:120]!r}"


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def read_source(path: Path) -> str:
    if not path.is_file():
        pytest.fail(
            f"Source document missing: {rel(path)}. The marker fixture is checked against it "
            "(see markers/source/README.md)."
        )
    return path.read_text(encoding="utf-8")


def load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_markers", ROOT / "fixtures" / "build_markers.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(obj: dict) -> tuple:
    f = obj["fields"]
    return (
        obj["model"],
        f.get("slug"),
        json.dumps(f.get("marker_set")),
        json.dumps(f.get("marker")),
        f.get("number"),
    )


def first_difference(fixture: list[dict], built: list[dict], source: Path) -> str | None:
    """The first text in which the fixture and what the build makes from ``source`` differ,
    named by file, object and field, with the two texts around it; None when they agree."""
    rebuilt = {_key(o): o["fields"] for o in built}
    for obj in fixture:
        key, fields = _key(obj), obj["fields"]
        if key not in rebuilt:
            return f"{rel(source)}: no longer gives {obj['model']} {key[1:]}"
        for name, want in fields.items():
            got = rebuilt[key].get(name)
            if got == want:
                continue
            want, got = str(want), str(got)
            i = next((n for n, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), None)
            i = min(len(want), len(got)) if i is None else i
            where = f"{obj['model']} {fields.get('number', fields.get('slug'))} {name}"
            return (
                f"{rel(source)} differs from the fixture in {where}, at "
                f"{want[max(0, i - 30) : i + 50]!r}: the source now gives "
                f"{got[max(0, i - 30) : i + 50]!r}"
            )
    if len(built) != len(fixture):
        return f"{rel(source)} gives {len(built)} objects, the fixture holds {len(fixture)}"
    return None


def strip_furniture(text: str) -> str:
    """Drop running headers, 'Quality Marker N' footers and page-number lines."""
    kept = []
    for line in text.split("\n"):
        s = line.strip()
        if (
            s in RUNNING_HEADERS
            or re.fullmatch(r"Quality Marker \d+", s)
            or re.fullmatch(r"\d+", s)
        ):
            continue
        kept.append(line)
    return "\n".join(kept)


def norm(text: str) -> str:
    """Collapse whitespace and ignore hyphenation.

    "and/" + newline + "or" is rejoined; hyphens are dropped entirely so that words the
    PDF hyphenated across lines (and whose hyphen the extraction lost, e.g.
    "subcommittee") compare equal to the repaired form ("sub-committee").
    """
    text = re.sub(r"/[ \t]*\n\s*", "/", text)
    text = re.sub(r"\s+", " ", text)
    return text.replace("-", "").strip()


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pieces(text: str) -> list[str]:
    """Paragraphs and list items of a field, list markers removed."""
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        line = re.sub(r"^(- |\d+\. )", "", line)
        out.append(line)
    return out


@pytest.fixture(scope="module")
def data() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def objects(data):
    by_model: dict[str, list[dict]] = {}
    for obj in data:
        by_model.setdefault(obj["model"], []).append(obj["fields"])
    return by_model


@pytest.fixture(scope="module")
def markers(objects) -> dict[int, dict]:
    return {m["number"]: m for m in objects["markers.marker"]}


@pytest.fixture(scope="module")
def questions(objects) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for q in objects["markers.question"]:
        out.setdefault(q["marker"][1], []).append(q)
    for qs in out.values():
        qs.sort(key=lambda q: q["number"])
    return out


@pytest.fixture(scope="module")
def source() -> str:
    return strip_furniture(read_source(FULL_SOURCE))


@pytest.fixture(scope="module")
def pages(source) -> dict[int, str]:
    """Each marker's own page(s) of the source, furniture removed."""
    heads = list(re.finditer(r"^\s*Quality Marker (\d+): ", source, flags=re.M))
    out = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(source)
        out[int(m.group(1))] = source[m.start() : end]
    return out


@pytest.fixture(scope="module")
def front_matter(source) -> str:
    """Introduction and overview table (everything before the first marker page)."""
    return source[: source.index("Quality Marker 1: ")]


def standalone_questions(path: Path) -> list[str]:
    return [
        collapse(m.group(1)) for m in re.finditer(r"^\d+\. (.+)$", read_source(path), flags=re.M)
    ]


# --- shape ---------------------------------------------------------------------------------


def test_file_format(data):
    raw = FIXTURE.read_text(encoding="utf-8")
    assert raw == json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    assert all("pk" not in obj for obj in data)
    assert [obj["model"] for obj in data[:4]] == ["markers.markerset"] + ["markers.cluster"] * 3
    assert {obj["model"] for obj in data} == {
        "markers.markerset",
        "markers.cluster",
        "markers.marker",
        "markers.question",
    }


def test_marker_set(objects):
    (ms,) = objects["markers.markerset"]
    assert ms["slug"] == SET_SLUG
    assert ms["name"] == "SCR Quality Markers, LIPP 2016"
    assert ms["source"] == "Learning into Practice Project (NSPCC and SCIE), 2016"
    assert ms["introduction"].startswith("About this document\n\nThis document contains 18")


def test_clusters(objects):
    clusters = objects["markers.cluster"]
    assert len(clusters) == 3
    assert {c["number"]: c["title"] for c in clusters} == EXPECTED_CLUSTERS
    assert all(c["marker_set"] == [SET_SLUG] for c in clusters)


def test_eighteen_markers_in_their_clusters(objects, markers):
    assert len(objects["markers.marker"]) == 18
    assert sorted(markers) == list(range(1, 19))
    for n, m in markers.items():
        assert m["marker_set"] == [SET_SLUG]
        assert m["cluster"] == [SET_SLUG, CLUSTER_OF[n]], n


def test_question_counts(questions):
    assert {n: len(qs) for n, qs in questions.items()} == EXPECTED_QUESTION_COUNTS
    assert sum(EXPECTED_QUESTION_COUNTS.values()) == 107
    for n, qs in questions.items():
        assert [q["number"] for q in qs] == list(range(1, len(qs) + 1)), n


def test_question_counts_match_source(pages):
    for n, page in pages.items():
        block = page.split("How might you know if you are meeting this quality marker?")[1]
        block = block.split("Knowledge base")[0]
        numbers = [int(x) for x in re.findall(r"^\s*(\d+)\. ", block, flags=re.M)]
        assert numbers == list(range(1, EXPECTED_QUESTION_COUNTS[n] + 1)), n


# --- wording against the source ----------------------------------------------------------


def test_titles_are_the_page_headings(markers, pages):
    for n, m in markers.items():
        assert re.match(rf"\s*Quality Marker {n}: {re.escape(m['title'])}\n", pages[n]), n
    assert markers[2]["title"] == "Decision-making"
    assert markers[3]["title"] == "Advising board members"


def test_questions_occur_in_their_marker_page(questions, pages):
    for n, qs in questions.items():
        page = norm(pages[n])
        for q in qs:
            assert q["text"] == collapse(q["text"])
            assert norm(q["text"]) in page, missing_from(
                FULL_SOURCE, f"QM{n} Q{q['number']}", q["text"]
            )


def test_questions_are_in_source_order(questions, pages):
    for n, qs in questions.items():
        page = norm(pages[n])
        positions = [page.index(norm(f"{q['number']}. {q['text']}")) for q in qs]
        assert positions == sorted(positions), n


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_every_paragraph_and_item_occurs_in_the_marker_page(markers, pages, field):
    for n, m in markers.items():
        page = norm(pages[n])
        for piece in pieces(m[field]):
            assert norm(piece) in page, missing_from(FULL_SOURCE, f"QM{n} {field}", piece)


def test_quality_statement_is_the_full_page_statement(markers, pages):
    for n, m in markers.items():
        assert norm(f"Quality statement: {m['quality_statement']}") in norm(pages[n]), missing_from(
            FULL_SOURCE, f"QM{n} quality statement", m["quality_statement"]
        )
    assert markers[1]["quality_statement"] == (
        "the case is referred for Serious Case Review (SCR) consideration with an "
        "appropriate rationale and in a timely manner"
    )
    assert markers[7]["quality_statement"].startswith("The Serious Case Review (SCR)")


def test_summary_is_the_overview_statement(markers, front_matter):
    overview = norm(front_matter[front_matter.index("Overview") :])
    for n, m in markers.items():
        assert m["summary"] and norm(m["summary"]) in overview, missing_from(
            FULL_SOURCE, f"QM{n} summary", m["summary"]
        )
        assert m["summary"] != m["quality_statement"]
    assert markers[1]["summary"] == (
        "The case is referred for SCR consideration with an appropriate rationale and in a "
        "timely manner"
    )


def test_introduction_occurs_in_the_source(objects, front_matter):
    intro = objects["markers.markerset"][0]["introduction"]
    src = norm(front_matter[: front_matter.index("Overview")])
    for piece in pieces(intro):
        # rows of the "How they can be used" table are rendered "cell – cell – cell"
        cells = piece.split(" – ") if norm(piece) not in src else [piece]
        for cell in cells:
            assert norm(cell) in src, piece
    for heading in [
        "About this document",
        "How they help",
        "How they have been developed",
        "How the Quality Markers are presented",
        "How they can be used",
    ]:
        assert f"\n\n{heading}\n\n" in f"\n\n{intro}"


# --- no noise -------------------------------------------------------------------------------


def all_texts(objects):
    yield "introduction", objects["markers.markerset"][0]["introduction"]
    for m in objects["markers.marker"]:
        for field in ["title", "summary", *TEXT_FIELDS]:
            yield f"QM{m['number']}.{field}", m[field]
    for q in objects["markers.question"]:
        yield f"QM{q['marker'][1]}.Q{q['number']}", q["text"]


def test_no_page_furniture_or_extraction_noise(objects):
    for where, text in all_texts(objects):
        assert "•" not in text, where
        for header in RUNNING_HEADERS:
            assert header not in text, where
        assert not re.search(r"Quality Marker \d+", text), where
        assert "\t" not in text and "  " not in text.replace("\n  - ", "\n- "), where
        assert text == text.strip(), where
        assert "\n\n\n" not in text, where
        for line in text.split("\n"):
            assert not re.fullmatch(r"\s*\d+\s*", line), (where, line)
            assert line == line.rstrip(), (where, line)
        # a word broken at a line end ("multi- agency") or joined without its hyphen
        assert not re.search(r"[a-z]- [a-z]", text), where
        for joined in (
            "subcommittee",
            "crossLSCB",
            "wellintentioned",
            "workingout",
            "selfassessment",
        ):
            assert joined not in text, (where, joined)


def test_text_format(objects):
    """Paragraphs separated by blank lines; a list is a block of "- " lines."""
    for where, text in all_texts(objects):
        if not text:
            continue
        for block in text.split("\n\n"):
            assert block.strip(), where
            lines = block.split("\n")
            if len(lines) > 1 or lines[0].startswith("- "):
                assert lines[0].startswith("- "), (where, block[:60])
                for line in lines:
                    assert re.match(r"(  )?- \S", line), (where, line)
            assert "**" not in block and "<" not in block, where


def test_repaired_line_break_hyphens(markers, objects):
    assert "SCR sub-committee or equivalent" in markers[3]["common_obstacles"]
    assert "unintended, well-intentioned people" in markers[5]["knowledge_base"]
    assert "a cross-LSCB governance body" in markers[6]["common_obstacles"]
    assert "Making the working-out process transparent" in markers[14]["rationale"]
    assert "and/or recommendations by LSCB members" in markers[7]["rationale"]
    assert "individual(s) and/or agencies" in markers[5]["rationale"]
    intro = objects["markers.markerset"][0]["introduction"]
    assert "questions to consider for self-assessment" in intro


# --- sections ------------------------------------------------------------------------------


def test_equality_and_diversity_only_where_the_source_has_it(markers, pages):
    with_section = {
        n
        for n, page in pages.items()
        if re.search(r"^\s*Equality and diversity$", page, flags=re.M)
    }
    assert with_section == {4, 12, 14}
    for n, m in markers.items():
        assert bool(m["equality_diversity"]) == (n in with_section), n
    assert markers[14]["equality_diversity"] == (
        "- Concern about impact on vulnerable family members of publication."
    )


def test_required_sections_present(markers):
    for n, m in markers.items():
        for field in [
            "summary",
            "quality_statement",
            "rationale",
            "knowledge_base",
            "statutory_guidance",
            "common_obstacles",
        ]:
            assert m[field], (n, field)


def test_nothing_found_statements_kept(markers):
    for n in (1, 3, 15, 16, 17):
        assert markers[n]["knowledge_base"] == f"- {NOTHING_FOUND}", n
    assert markers[3]["statutory_guidance"].startswith(
        "- We have not been able to identify any relevant statutory guidance or inspection "
        "criteria statement, however"
    )


def list_items(text: str) -> list[list[str]]:
    return [
        [line[2:] for line in block.split("\n")]
        for block in text.split("\n\n")
        if block.startswith("- ")
    ]


def test_reconstructed_lists(markers, objects):
    """Lists whose bullets the extraction separated from (and reordered against) the items."""
    qm6 = list_items(markers[6]["rationale"])
    assert [len(x) for x in qm6] == [5, 3, 7]
    assert qm6[0] == [
        "the breadth and depth of the investigation",
        "any specific areas of focus or questions",
        "the method or approach to be used to assemble the relevant information and deliver "
        "the required analysis",
        "the knowledge and skills needed from the reviewer(s) to lead the process",
        "the agencies that need to be involved.",
    ]
    assert qm6[2][-1].startswith("features of the local context")
    assert [len(x) for x in list_items(markers[2]["rationale"])] == [8]
    qm9 = list_items(markers[9]["rationale"])
    assert [x.split()[0] for x in qm9[0]] == ["SCRs", "not", "minimising", "involved", "enabling"]
    assert [x.split()[0] for x in list_items(markers[9]["statutory_guidance"])[0]] == [
        "NHS",
        "‘Guidance",
        "‘Liaison",
        "CPS/Association",
    ]
    qm10 = list_items(markers[10]["rationale"])
    assert [x.split()[0] for x in qm10[0]] == ["The", "The", "How"]
    assert [x.split()[0] for x in qm10[1]] == [
        "formal",
        "practitioners",
        "senior",
        "the",
        "documents",
        "ICT",
    ]
    assert [len(x) for x in list_items(markers[4]["equality_diversity"])] == [5]
    assert [len(x) for x in list_items(markers[12]["equality_diversity"])] == [4]
    assert [len(x) for x in list_items(markers[13]["statutory_guidance"])] == [5]
    qm14 = list_items(markers[14]["statutory_guidance"])
    assert len(qm14) == 1 and len(qm14[0]) == 5
    assert [line.startswith("  - ") for line in markers[14]["statutory_guidance"].split("\n")] == [
        False,
        True,
        True,
        True,
        False,
    ]
    presented = list_items(objects["markers.markerset"][0]["introduction"])[0]
    assert [x.split(" – ")[0] for x in presented] == [
        "Quality statement",
        "Rationale",
        "How might you know if you are meeting this QM?",
        "Knowledge base",
        "Equality & diversity",
        "Link to statutory guidance & inspection criteria",
        "Tackling some common obstacles",
    ]


def test_page_break_continuation_joined(markers):
    last = markers[13]["knowledge_base"].split("\n")[-1]
    assert last.startswith("- Hindsight bias is the tendency")
    assert "research finding. Outcome bias is an element of this" in last


# --- the clean standalone documents -------------------------------------------------------


@pytest.mark.parametrize("number", sorted(STANDALONE))
def test_questions_match_standalone_documents(questions, number):
    expected = standalone_questions(STANDALONE[number])
    for q, text in zip(questions[number], expected, strict=False):
        assert collapse(q["text"]) == text, (
            f"{rel(STANDALONE[number])}: question {q['number']} reads {text!r}, "
            f"the fixture has {q['text']!r}"
        )
    assert len(questions[number]) == len(expected), rel(STANDALONE[number])


def quotes(text: str) -> str:
    """The standalone documents use straight quotes and '...'; the PDF typographic ones."""
    text = text.replace("‘", "'").replace("’", "'").replace("…", "...")
    return collapse(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text.replace("**", "")))


@pytest.mark.parametrize("number", sorted(STANDALONE))
def test_sections_agree_with_standalone_documents(markers, number):
    doc = read_source(STANDALONE[number])
    clean = quotes(doc)
    m = markers[number]
    assert re.search(rf"Quality Marker {number}: {re.escape(m['title'])}\s*$", doc, flags=re.M)
    for field in TEXT_FIELDS:
        for piece in pieces(m[field]):
            assert quotes(piece) in clean, missing_from(STANDALONE[number], field, piece)
    # every bullet of the standalone document is one whole item in the fixture
    fixture_items = {
        quotes(line[2:])
        for field in TEXT_FIELDS
        for line in m[field].split("\n")
        if line.startswith("- ")
    }
    for bullet in re.findall(r"^- (.+)$", doc, flags=re.M):
        assert quotes(bullet) in fixture_items, (
            f"{rel(STANDALONE[number])}: the bullet {bullet!r} is not an item of the fixture"
        )


# --- samples ------------------------------------------------------------------------------


def test_samples(markers, questions):
    assert questions[1][0]["text"] == (
        "Is the rationale for the referral clear, and supported by adequate information?"
    )
    assert "LSBC" in questions[3][1]["text"]
    assert questions[3][1]["text"].endswith(
        "full and explicit in its communication with LSBC members?"
    )
    assert (
        "established part of the leaning and improvement framework"
        in markers[18]["common_obstacles"]
    )
    assert questions[15][2]["text"].startswith("Is appropriate time been given")
    assert questions[13][10]["text"] == (
        "Does the lead reviewer(s) access supervision or peer challenge to support the "
        "quality of analysis undertaken?"
    )
    assert "(Ofsted, 2008 2009, 2010)" in markers[8]["knowledge_base"]
    assert "Data Protection Act 1988" in markers[17]["rationale"]
    assert markers[11]["title"] == "Practitioner Involvement"
    assert markers[12]["summary"].startswith("The SCR is informed by “family” members’")


# --- the source documents themselves --------------------------------------------------------


def test_the_fixture_is_what_the_build_makes_from_the_source(data):
    message = first_difference(data, load_builder().build(FULL_SOURCE), FULL_SOURCE)
    if message:
        pytest.fail(message)


def test_an_edited_source_is_named_with_the_first_text_that_differs(data, tmp_path):
    edited = tmp_path / FULL_SOURCE.name
    text = read_source(FULL_SOURCE)
    assert text.count("appropriate rationale") >= 1
    edited.write_text(text.replace("appropriate rationale", "adequate rationale", 2), "utf-8")
    message = first_difference(data, load_builder().build(edited), edited)
    assert message is not None
    assert edited.name in message
    assert "adequate rationale" in message and "appropriate rationale" in message


def test_a_missing_source_is_named(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="Source document missing: .*qm08"):
        read_source(tmp_path / "qm08-scr-management.txt")


def test_every_source_document_is_listed_in_the_readme():
    readme = read_source(SOURCES / "README.md")
    names = {p.name for p in SOURCES.iterdir()} - {"README.md"}
    assert names == {FULL_SOURCE.name} | {p.name for p in STANDALONE.values()}
    for name in names:
        assert name in readme, name
