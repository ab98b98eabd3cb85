"""Read the forms of a page as a browser would submit them: every field's name, the values it
would send as the page stands, and the choices a radio, checkbox or select offers."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, hidden, textarea, select, radio, checkbox, file, number...
    values: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    method: str = "post"
    page_url: str = ""  # the page it was found on (set by whoever reads the page)

    def data(self) -> dict[str, list[str]]:
        """What the browser would send, without the submit button; files are left out."""
        return {
            name: f.values
            for name, f in self.fields.items()
            if f.kind not in ("file", "submit", "button")
        }

    def add(self, name: str, kind: str) -> Field:
        return self.fields.setdefault(name, Field(name, kind))


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: str | None = None
        self.option_selected = False
        self.option_text = ""
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(a.get("action") or "", method=(a.get("method") or "get").lower())
            self.forms.append(self.form)
        if self.form is not None and tag in ("button", "input") and a.get("formaction"):
            # A button that sends the same form to another address: a form of its own there.
            other = Form(a["formaction"], self.form.fields, self.form.method)
            self.forms.append(other)
        if self.form is None or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            f = self.form.add(a["name"], kind)
            if kind in ("radio", "checkbox"):
                f.choices.append(a.get("value", "on"))
                if "checked" in a:
                    f.values.append(a.get("value", "on"))
            elif kind != "submit":
                f.values = [a.get("value") or ""]
        elif tag == "button":
            self.form.add(a["name"], "button").choices.append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = self.form.add(a["name"], "textarea")
            self.textarea.values = [""]
        elif tag == "select":
            self.select = self.form.add(a["name"], "select")
            self.select.values = []
        elif tag == "option" and self.select is not None:
            self.option = a.get("value")
            self.option_text = ""
            self.option_selected = "selected" in a

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values[0] += data
        if self.option is not None or self.select is not None:
            self.option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            if self.textarea.values[0].startswith("\n"):
                self.textarea.values[0] = self.textarea.values[0][1:]
            self.textarea = None
        elif tag == "option" and self.select is not None:
            value = self.option if self.option is not None else self.option_text.strip()
            self.select.choices.append(value)
            if self.option_selected:
                self.select.values = [value]
            self.option = None
        elif tag == "select" and self.select is not None:
            if not self.select.values and self.select.choices:
                self.select.values = [self.select.choices[0]]
            self.select = None


def all_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def post_forms(html: str) -> list[Form]:
    return [f for f in all_forms(html) if f.method == "post"]


def main_form(html: str) -> Form:
    """The page's form with the most fields (the one being edited, not a sign-out button)."""
    return max(post_forms(html), key=lambda f: len(f.fields))
