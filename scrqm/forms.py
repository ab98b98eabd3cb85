from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit


class GDSFormMixin:
    """Every form renders through crispy-forms with the GOV.UK template pack.

    Set ``submit_label`` on the form class; build a ``Layout`` in ``__init__`` when the
    default field order is not enough.
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))
