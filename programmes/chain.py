"""Who endorses an application, derived from the applicant's place in the tree.

The category says which opinion boxes its form has (applicant → supervising department →
upper civil affairs bureau(s) → provincial department); the tree says who fills each:

- the applicant itself gives the first opinion;
- the unit's supervising department (业务主管部门), when it has one;
- every civil affairs bureau between the applicant and its provincial-level body, nearest
  first (a county region: its prefecture; a unit in a county: the county, then the
  prefecture; a prefecture region or a district of a municipality: none);
- the provincial-level body it reports through (a province, the Corps, or one of the five
  cities specifically designated in the state plan).

Ministry-affiliated bodies (部直属事业单位、部管社团) answer to the ministry directly: their
chain is their own opinion alone.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisations.models import Kind, Organisation, Tier
from programmes.models import ApplicantCategory, ApplicantKind, ChainLevel


@dataclass(frozen=True)
class ChainStep:
    level: ChainLevel
    organisation: Organisation

    def __str__(self) -> str:
        return f"{self.level.label}：{self.organisation.name}"


def check_eligible(category: ApplicantCategory, organisation: Organisation) -> None:
    """Raise ValidationError saying plainly why the organisation may not apply."""
    if organisation.kind == Kind.AFFILIATE:
        if category.kind == ApplicantKind.UNIT and category.accepts_affiliates:
            return
        raise ValidationError(_("本类别不接受部直属单位、部管社团直接申报。"))
    if category.kind == ApplicantKind.REGION:
        # By the division's own level: 深圳 applies as a prefecture-level region although its
        # bureau reports to the ministry as a province does.
        level = organisation.region.level if organisation.region_id else None
        if organisation.kind != Kind.CIVIL_AFFAIRS or level not in category.region_tiers:
            levels = "、".join(str(Tier(t).label) for t in sorted(category.region_tiers))
            raise ValidationError(
                _("本类别由%(levels)s地区（以其民政部门名义）申报。") % {"levels": levels}
            )
        return
    if organisation.kind != Kind.UNIT or organisation.unit_category not in category.unit_categories:
        raise ValidationError(
            _("本类别只接受以下类别的单位申报：%(c)s。")
            % {"c": "、".join(category.get_unit_category_labels())}
        )


def derive_chain(category: ApplicantCategory, organisation: Organisation) -> list[ChainStep]:
    check_eligible(category, organisation)
    levels = [ChainLevel(level) for level in category.chain]
    steps = [ChainStep(ChainLevel.APPLICANT, organisation)]
    if organisation.kind == Kind.AFFILIATE:
        return steps
    ancestors = organisation.ancestors()  # nearest first, up to the ministry
    if ChainLevel.SUPERVISOR in levels and organisation.supervisor_id:
        steps.append(ChainStep(ChainLevel.SUPERVISOR, organisation.supervisor))
    if ChainLevel.UPPER_CIVIL_AFFAIRS in levels:
        for body in ancestors:
            if body.tier in (Tier.PROVINCE, Tier.MINISTRY):
                break
            steps.append(ChainStep(ChainLevel.UPPER_CIVIL_AFFAIRS, body))
    province = organisation.reporting_province
    if province is not None and province.pk != organisation.pk:
        steps.append(ChainStep(ChainLevel.PROVINCE, province))
    return steps
