"""Building review states in tests, through the real actions."""

from datetime import timedelta

import time_machine

from applications.tests.flow import demo_programme, endorse_all, submitted
from applications.tests.helpers import submitted_batch
from reviews import actions
from reviews.models import Eligibility


def after_deadline():
    """A clock frozen one hour after the demo programme's deadline."""
    return time_machine.travel(
        demo_programme().application_deadline + timedelta(hours=1), tick=False
    )


def submitted_to_ministry(people) -> dict[str, object]:
    """Three applications submitted by their provinces: 东湖 and 瑞金 (江西), 福田 (深圳)."""
    donghu = endorse_all(submitted(people.dh_applicant), people.nc_endorser, people.jx_endorser)
    ruijin = endorse_all(submitted(people.rj_applicant), people.gz_endorser, people.jx_endorser)
    futian = endorse_all(submitted(people.ft_applicant), people.sz_endorser)
    submitted_batch(people.jx_endorser, [donghu, ruijin])
    submitted_batch(people.sz_endorser, [futian])
    return {"donghu": donghu, "ruijin": ruijin, "futian": futian}


def all_eligible(people, applications) -> None:
    actions.open_review(demo_programme(), by=people.mz_officer)
    for application in applications:
        actions.check_eligibility(application, Eligibility.ELIGIBLE, by=people.mz_officer)
