"""The quality-assurance summary as a Word document (python-docx), from the same data as the
PDF, for chairs who paste it into board papers. Headings are real Word headings (so the
navigation pane and a table of contents work); the protective marking is in every page's
header and footer."""

import io
import re

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from documents.pdf import PROTECTIVE_MARKING

# Word refuses XML-illegal characters (C0 controls other than tab, newline, carriage return).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _clean(text) -> str:
    return XML_ILLEGAL.sub("", str(text))


class _Writer:
    def __init__(self, title: str, running: str):
        self.doc = Document()
        self.doc.core_properties.title = _clean(title)
        self.doc.core_properties.subject = PROTECTIVE_MARKING
        self.doc.core_properties.language = "en-GB"
        style = self.doc.styles["Normal"]
        style.font.name = "Arial"
        style.font.size = Pt(11)
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = f"{_clean(running)}    {PROTECTIVE_MARKING}"
        section.footer.paragraphs[0].text = PROTECTIVE_MARKING

    def heading(self, text, level: int):
        self.doc.add_heading(_clean(text), level=level)

    def para(self, text, bold_prefix: str = ""):
        p = self.doc.add_paragraph()
        if bold_prefix:
            p.add_run(_clean(bold_prefix)).bold = True
        p.add_run(_clean(text))
        return p

    def bullet(self, text):
        self.doc.add_paragraph(_clean(text), style="List Bullet")

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def content(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def qa_summary_docx(data: dict, meta: dict) -> bytes:
    r = data["review"]
    w = _Writer(
        f"Quality-assurance summary: {r['reference']} {r['title']}",
        f"{r['reference']} {r['title']}",
    )
    w.para(PROTECTIVE_MARKING, "")
    w.heading(f"Quality-assurance summary: {r['reference']} {r['title']}", 0)
    if data["nothing_assessed"]:
        w.para("Nothing has been assessed yet: every marker is Not started.")
    point = data["point"]
    facts = [
        ("Reference", r["reference"]),
        ("Title (pseudonym)", r["title"]),
        ("Kind of review", r["kind"]),
        ("Stage", r["stage"]),
        ("Board", r["board"]),
        ("Chair", ", ".join(r["chairs"]) or "None named on the review"),
        ("Lead reviewers", ", ".join(r["lead_reviewers"]) or "None yet"),
        (
            "Assessment point",
            f"{point['name']} ({point['kind']}), taken {point['taken_at']} by {point['taken_by']}"
            if point
            else "None: the review as it stands now",
        ),
    ]
    if point:
        facts.append(
            (
                "Sign-off",
                f"Signed off {point['signed_off_at']} by {point['signed_off_by']}"
                if point["signed_off"]
                else "Not signed off",
            )
        )
        if point["signed_off"]:
            facts.append(("Sign-off comment", point["sign_off_comment"]))
    facts.append(("Generated", f"{meta['generated_at']} by {meta['generated_by']}"))
    for label, value in facts:
        w.para(value, f"{label}: ")

    w.heading("Timescales", 1)
    for row in data["timescales"]["rows"]:
        text = f"Due {row['due']} ({row['basis']}). Done: {row['done']}. {row['against']}."
        if row["delay_reason"]:
            told = f" (board told {row['board_told']})" if row["board_told"] else ""
            text += f" Reason for the delay: {row['delay_reason']}{told}"
        w.para(text, f"{row['label']}: ")
    if not data["timescales"]["rows"]:
        w.para("No key dates have been recorded yet.")

    w.heading("Overview of the markers", 1)
    w.para("; ".join(f"{c['label']}: {c['n']}" for c in data["counts"]))
    for cluster in data["clusters"]:
        for m in cluster["markers"]:
            w.bullet(f"QM{m['number']} {m['title']}: {m['rating_label']}")

    for cluster in data["clusters"]:
        w.page_break()
        w.heading(cluster["title"], 1)
        for m in cluster["markers"]:
            w.heading(f"Quality Marker {m['number']}: {m['title']}", 2)
            w.para(m["quality_statement"])
            w.para(m["rating_label"], "Rating: ")
            if m["not_applicable_reason"]:
                w.para(m["not_applicable_reason"], "Why the marker does not apply: ")
            w.para(m["commentary"] or "No commentary.", "Commentary: ")
            w.heading("Questions", 3)
            for q in m["questions"]:
                w.para(q["text"], f"{m['number']}.{q['number']} ")
                w.para(q["answer"], "Answer: ")
                if q["note"]:
                    w.para(q["note"], "Note: ")
            w.heading("Evidence", 3)
            for e in m["evidence"]:
                sha = f"; SHA-256 {e['sha256']}" if e["sha256"] else ""
                w.bullet(
                    f"{e['title']}: {e['kind']}, dated {e['dated']}; added by {e['added_by']}, "
                    f"{e['added']}{sha}"
                )
            if not m["evidence"]:
                w.para("No evidence recorded.")
            w.heading("Quality-assurance challenges", 3)
            for c in m["comments"]:
                state = "resolved" if c["resolved"] else "open"
                w.para(c["body"], f"{c['author']}, {c['at']} ({state}): ")
                if c["resolved"]:
                    w.para(c["reply"], f"Reply by {c['resolved_by']}, {c['resolved_at']}: ")
            if not m["comments"]:
                w.para("No challenges.")
            w.heading("Changes since the previous assessment point", 3)
            if not data["previous_point"]:
                w.para("There is no earlier assessment point.")
            elif m["changes"]:
                for change in m["changes"]:
                    w.bullet(change)
            else:
                w.para(f"No change since “{data['previous_point']}”.")

    w.page_break()
    w.heading("Gaps", 1)
    w.heading("Questions answered “No” or “Not yet known”", 2)
    for g in data["gaps"]["answers"]:
        w.bullet(f"{g['marker']}.{g['question']} {g['text']} {g['answer']}")
    w.heading("Markers not started", 2)
    for g in data["gaps"]["not_started"]:
        w.bullet(f"Quality Marker {g['marker']}: {g['title']}")
    w.heading("Open challenges", 2)
    for g in data["gaps"]["open_challenges"]:
        w.bullet(f"Quality Marker {g['marker']}, {g['author']}: {g['body'][:300]}")

    w.heading("Decisions log", 1)
    for d in data["decisions"]:
        outcome = f", {d['outcome']}" if d["outcome"] else ""
        w.para(d["decision"], f"{d['on']}: {d['kind']}{outcome} ({d['by']}). ")
        w.para(d["rationale"], "Rationale: ")
    if not data["decisions"]:
        w.para("No decisions recorded.")
    w.heading("Findings and actions", 1)
    for f in data["findings"]:
        w.para(f["text"], f"Finding {f['number']} ({f['priority']} priority): ")
        for a in f["actions"]:
            rating = f"; progress {a['rating']}" if a["rating"] else ""
            w.bullet(
                f"Action {a['number']}: {a['text']}. Lead: {a['lead_agency']}; target "
                f"{a['target']}; status {a['status']}{rating}."
            )
    if not data["findings"]:
        w.para("The review has no findings yet.")
    return w.content()
