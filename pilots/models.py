"""Pilots (试点): one per application the ministry selected. The pilot-period work (plans,
reports, supervision, summaries, evaluation) builds on this."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from organisations.models import Organisation
from programmes.models import ApplicantCategory, Programme


class PilotQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The pilot's organisation and the chain above it (organisations/scope.py); the
        ministry sees all."""
        from organisations.scope import scope_q

        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(scope_q(user, "organisation__"))


class Pilot(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT,
                                       related_name="pilot")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="pilots")
    category = models.ForeignKey(ApplicantCategory, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="pilots")
    province = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    starts_on = models.DateField(_("试点开始"))
    ends_on = models.DateField(_("试点结束"))

    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "organisation__region__code", "pk"]
        verbose_name = _("试点")
        verbose_name_plural = _("试点")

    def __str__(self) -> str:
        return f"{self.organisation.name}（{self.programme.name}）"
