from datetime import date

import factory

from reviews.models import Action, Finding
from tests.factories import AgencyFactory, ReviewFactory


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Professionals did not share concerns about neglect across agencies."
    explanation = "Thresholds were understood differently by each agency."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    finding = factory.SubFactory(FindingFactory)
    review = factory.SelfAttribute("finding.review")
    number = factory.Sequence(lambda n: n + 1)
    text = "Deliver multi-agency training on neglect thresholds."
    lead_agency = factory.SubFactory(AgencyFactory, board=factory.SelfAttribute("..review.board"))
    target_date = date(2030, 1, 31)
    status = Action.Status.AGREED
