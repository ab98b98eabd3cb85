"""The analytics filters. Every bad value is reported in words (never ignored, never a 500)."""

from datetime import date

from django import forms
from django.db.models import Q
from django.utils import timezone

from analytics.figures import Scope, reporting_year, year_bounds, year_label
from reviews.forms import date_input
from reviews.models import Review, Theme
from scrqm.forms import GDSFormMixin, plain_selects


class AnalyticsFilterForm(GDSFormMixin, forms.Form):
    submit_label = "Apply filters"

    board = forms.TypedChoiceField(label="Board", coerce=int, required=False)
    year = forms.TypedChoiceField(
        label="Reporting year (April to March)", coerce=int, required=False
    )
    start = date_input(
        "From", help_text="Or choose a period instead of a year. For example, 1 4 2025"
    )
    end = date_input("To", help_text="For example, 31 3 2026")
    kind = forms.ChoiceField(label="Kind of review", required=False)
    theme = forms.TypedChoiceField(label="Theme", coerce=int, required=False)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        boards = sorted((m.board.name, m.board_id) for m in memberships)
        self.fields["board"].choices = [(pk, name) for name, pk in boards]
        if len(boards) < 2:
            self.fields["board"].widget = forms.HiddenInput()
        this_year = reporting_year(timezone.localdate())
        self.fields["year"].choices = [("", "Choose a period below")] + [
            (y, year_label(y)) for y in range(this_year, this_year - 10, -1)
        ]
        self.fields["kind"].choices = [("", "Any kind")] + list(Review.Kind.choices)
        board_ids = [pk for _, pk in boards]
        self.themes = list(
            Theme.objects.filter(Q(board__isnull=True) | Q(board__in=board_ids)).order_by("name")
        )
        self.fields["theme"].choices = [("", "Any theme")] + [(t.pk, t.name) for t in self.themes]
        for name in ("board", "year", "kind", "theme"):
            self.fields[name].error_messages["invalid_choice"] = self._unknown(name)
        for name in ("board", "year", "kind", "theme"):
            self.fields[name].widget.attrs.setdefault("class", "govuk-select")
        plain_selects(self.fields)

    @staticmethod
    def _unknown(name: str) -> str:
        what = {
            "board": "board",
            "year": "reporting year",
            "kind": "kind of review",
            "theme": "theme",
        }
        return f"There is no {what[name]} “%(value)s” you can choose: choose one from the list"

    def clean(self):
        data = super().clean()
        start, end, year = data.get("start"), data.get("end"), data.get("year")
        if "board" in self.errors and self.fields["board"].widget.is_hidden:
            # A hidden field's error would not be listed: say it at the top.
            self.add_error(None, self.errors.pop("board"))
        if self.errors:
            return data
        if year and (start or end):
            raise forms.ValidationError("Choose a reporting year or a period from and to, not both")
        if start and end and end < start:
            self.add_error("end", "The ‘to’ date must be the same as or after the ‘from’ date")
        theme = data.get("theme")
        board = data.get("board") or self.default_board()
        if theme and not any(t.pk == theme and t.board_id in (None, board) for t in self.themes):
            self.add_error(
                "theme", "That theme is not one of this board’s: choose one from the list"
            )
        return data

    def default_board(self) -> int | None:
        boards = self.fields["board"].choices
        return boards[0][0] if boards else None

    def scope(self) -> Scope:
        """The scope chosen; without a period, the current reporting year."""
        data = self.cleaned_data if self.is_bound else {}
        year = data.get("year")
        start, end = data.get("start"), data.get("end")
        if not year and not (start or end):
            year = reporting_year(timezone.localdate())
        if year:
            start, end = year_bounds(year)
        else:
            today = timezone.localdate()
            start = start or date(2000, 1, 1)
            end = end or today
        return Scope(
            board_id=data.get("board") or self.default_board(),
            start=start,
            end=end,
            kind=data.get("kind") or "",
            theme_id=data.get("theme") or None,
        )
