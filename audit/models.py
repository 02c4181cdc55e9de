"""The append-only, hash-chained audit trail.

Each row's ``row_hash`` covers its own content and the previous row's hash, so an edit or a
deletion made behind the application's back (raw SQL, a restored backup) breaks the chain;
``manage.py verify_audit`` walks it. Appends are serialised on the ``AuditHead`` row.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Event(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账号锁定")
    UNLOCK = "unlock", _("解除锁定")
    LOGOUT = "logout", _("退出登录")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PASSWORD_RESET = "password_reset", _("重置密码")
    ACCOUNT_CREATE = "account_create", _("创建账号")
    ACCOUNT_UPDATE = "account_update", _("修改账号")
    ACCOUNT_DEACTIVATE = "account_deactivate", _("停用账号")
    ACCOUNT_ACTIVATE = "account_activate", _("启用账号")
    ROLE_GRANT = "role_grant", _("授予角色")
    ROLE_REVOKE = "role_revoke", _("撤销角色")
    ORGANISATION_CREATE = "organisation_create", _("新增单位")
    ORGANISATION_UPDATE = "organisation_update", _("修改单位")
    REGIONS_LOAD = "regions_load", _("导入行政区划")
    SETTINGS_CHANGE = "settings_change", _("修改设置")
    PROGRAMME_CREATE = "programme_create", _("新建试点项目")
    PROGRAMME_UPDATE = "programme_update", _("修改试点项目")
    PROGRAMME_PUBLISH = "programme_publish", _("发布试点项目")
    PROGRAMME_STATUS = "programme_status", _("变更试点项目状态")
    FORM_UPDATE = "form_update", _("修改申报表")
    APPLICATION_START = "application_start", _("新建申报")
    APPLICATION_SAVE = "application_save", _("保存申报草稿")
    APPLICATION_SUBMIT = "application_submit", _("提交申报")
    APPLICATION_RECOMMEND = "application_recommend", _("同意推荐")
    APPLICATION_RETURN = "application_return", _("退回修改")
    APPLICATION_DECLINE = "application_decline", _("不予推荐")
    APPLICATION_WITHDRAW = "application_withdraw", _("撤回申报")
    ATTACHMENT_UPLOAD = "attachment_upload", _("上传附件")
    ATTACHMENT_DELETE = "attachment_delete", _("删除附件")
    PROVINCE_RANKING = "province_ranking", _("省级排序")
    BATCH_SUBMIT = "batch_submit", _("报送民政部")
    DEADLINE_EXTEND = "deadline_extend", _("延长截止时间")
    INTERNAL_DEADLINE = "internal_deadline", _("设置省内截止时间")
    PAPER_RECEIVED = "paper_received", _("纸质件已收到")
    REVIEW_OPEN = "review_open", _("开始评审")
    ELIGIBILITY_CHECK = "eligibility_check", _("形式审查")
    CORRECTION_SUBMIT = "correction_submit", _("提交补正")
    RUBRIC_UPDATE = "rubric_update", _("修改评分标准")
    EXPERT_ASSIGN = "expert_assign", _("分配评审专家")
    EXPERT_UNASSIGN = "expert_unassign", _("撤销评审任务")
    SCORE_SAVE = "score_save", _("保存评分")
    SCORE_SUBMIT = "score_submit", _("提交评分")
    CONFLICT_DECLARE = "conflict_declare", _("声明回避")
    DECISION = "decision", _("确定结果")
    PUBLICITY_START = "publicity_start", _("开始公示")
    OBJECTION_LODGE = "objection_lodge", _("提出异议")
    OBJECTION_ANSWER = "objection_answer", _("答复异议")
    LIST_PUBLISH = "list_publish", _("公布名单")
    PLAN_SAVE = "plan_save", _("保存试点方案")
    PLAN_SUBMIT = "plan_submit", _("提交试点方案")
    PLAN_REVIEW = "plan_review", _("审核试点方案")
    REPORT_SAVE = "report_save", _("保存进展报告")
    REPORT_SUBMIT = "report_submit", _("提交进展报告")
    REPORT_REVIEW = "report_review", _("审核进展报告")
    SCHEDULE_SET = "schedule_set", _("设定进展报告安排")
    SUPERVISION_RECORD = "supervision_record", _("记录督导")
    FOLLOW_UP_REPORT = "follow_up_report", _("报告整改情况")
    FOLLOW_UP_CLOSE = "follow_up_close", _("确认整改完成")
    SUMMARY_SUBMIT = "summary_submit", _("提交试点总结")
    SUMMARY_REVIEW = "summary_review", _("审核试点总结")
    PROVINCIAL_SUMMARY = "provincial_summary", _("报送省级总结")
    TITLE_GRANT = "title_grant", _("授予示范称号")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载文件")
    ACCESS_DENIED = "access_denied", _("越权访问")


class Result(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    REFUSED = "refused", _("拒绝")


class AuditEventQuerySet(models.QuerySet):
    # Bulk writes bypass save() and delete(); refuse them too. (A raw SQL edit is still
    # possible for whoever holds the database: that is what the hash chain is for.)
    def update(self, **kwargs):
        raise PermissionError("Audit rows are append-only.")

    def delete(self):
        raise PermissionError("Audit rows are append-only.")

    def bulk_update(self, *args, **kwargs):
        raise PermissionError("Audit rows are append-only.")

    def visible_to(self, user):
        """Only audit administrators read the trail: the ministry's all of it, a province's
        the rows of actors in its part of the tree."""
        from accounts.models import Role

        if not user.is_authenticated or not user.has_role(Role.AUDIT_ADMIN):
            return self.none()
        if user.organisation is None:
            return self.none()
        if user.organisation.kind == "ministry":
            return self
        return self.filter(organisation_path__startswith=user.organisation.path)


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        # DO_NOTHING, not SET_NULL: nulling actor_id when an account is deleted would
        # rewrite hashed rows and break the chain. The id stays, dangling (no constraint).
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    organisation_name = models.CharField(_("单位"), max_length=128, blank=True)
    organisation_path = models.CharField(max_length=255, blank=True, db_index=True)
    source_address = models.CharField(_("来源地址"), max_length=45, blank=True)
    event = models.CharField(_("事件"), max_length=32, choices=Event.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.seq} {self.event} {self.actor_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit rows are append-only.")

    def compute_hash(self) -> str:
        content = {
            "seq": self.seq,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "organisation_name": self.organisation_name,
            "organisation_path": self.organisation_path,
            "source_address": self.source_address,
            "event": self.event,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "result": self.result,
            "summary": self.summary,
            "changes": self.changes,
            "prev_hash": self.prev_hash,
        }
        blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


class AuditHead(models.Model):
    """One row: the last sequence number and hash. Locking it serialises appends."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash}"
