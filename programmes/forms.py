"""The editor's forms: a programme's own fields grouped as the notice is, its parts (sections,
content areas, applicant categories) and the form builder.

Rules stay on the models (``clean``): these forms only shape the input and map the models'
errors to the fields the officer typed them in.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Tier, UnitCategory
from programmes.models import (
    CHAIN_ORDER,
    ApplicantCategory,
    ApplicantKind,
    ChainLevel,
    ContentArea,
    FieldType,
    FormDefinition,
    FormField,
    FormVersion,
    NoticeSection,
    Programme,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class ProgrammeForm(forms.ModelForm):
    """A programme's own fields, in the groups and order of the notice."""

    GROUPS = [
        (
            _("通知"),
            [
                "notice_title",
                "name",
                "document_number",
                "issuer",
                "issued_on",
                "addressees",
                "preamble",
            ],
        ),
        (
            _("时间安排"),
            [
                "applications_open_at",
                "application_deadline",
                "determination_due",
                "pilot_months",
                "summary_deadline",
                "paper_copies_required",
            ],
        ),
        (
            _("受理与联系"),
            [
                "receiving_department",
                "contact_department",
                "contact_person",
                "contact_phone",
                "contact_fax",
                "contact_email",
            ],
        ),
        (_("示范称号"), ["region_outcome_title", "unit_outcome_title"]),
    ]
    WIDE = ["notice_title", "addressees", "preamble"]  # full width; the rest in two columns

    class Meta:
        model = Programme
        fields = [
            "notice_title",
            "name",
            "document_number",
            "issuer",
            "issued_on",
            "addressees",
            "preamble",
            "applications_open_at",
            "application_deadline",
            "determination_due",
            "pilot_months",
            "summary_deadline",
            "paper_copies_required",
            "receiving_department",
            "contact_department",
            "contact_person",
            "contact_phone",
            "contact_fax",
            "contact_email",
            "region_outcome_title",
            "unit_outcome_title",
        ]
        widgets = {
            "issued_on": date_input(),
            "determination_due": date_input(),
            "applications_open_at": datetime_input(),
            "application_deadline": datetime_input(),
            "summary_deadline": datetime_input(),
            "addressees": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "applications_open_at": _("申报开始时间（北京时间）"),
            "application_deadline": _("申报截止时间（北京时间）"),
            "summary_deadline": _("总结截止时间（北京时间）"),
        }
        help_texts = {
            "notice_title": _("如：民政部关于开展企业社会工作试点的通知"),
            "name": _("系统内使用的简称，如：企业社会工作试点"),
            "document_number": _(
                "如：民函〔2013〕132号。括号可输入 [ ] 或（ ），保存时统一为〔 〕。"
            ),
            "issued_on": _("通知落款的日期；尚未确定可先留空。"),
            "addressees": _(
                "如：各省、自治区、直辖市民政厅(局)，各计划单列市民政局，新疆生产建设兵团民政局"
            ),
            "preamble": _("“现就有关事项通知如下：”及之前的段落。"),
            "applications_open_at": _("留空则发布即开始申报。"),
            "application_deadline": _("省级民政部门报送截止的日期和时间，按北京时间。"),
            "determination_due": _("民政部计划确定试点地区和单位的日期。"),
            "summary_deadline": _("试点结束后报送总结材料的截止时间，须晚于申报截止时间。"),
            "receiving_department": _("接收申报材料的民政部司局。"),
            "contact_phone": _("固定电话请加区号，如 010-58123456。"),
            "region_outcome_title": _("如：全国企业社会工作示范地区"),
            "unit_outcome_title": _("如：全国企业社会工作示范单位"),
        }
        error_messages = {
            "document_number": {"unique": _("该发文字号已被其他试点项目使用。")},
        }

    def groups(self):
        groups = [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]
        return [(legend, fields) for legend, fields in groups if fields]


class ProgrammeEditForm(ProgrammeForm):
    note = forms.CharField(
        label=_("修改说明"),
        max_length=200,
        required=False,
        help_text=_("记入版本记录，如“更正联系电话”。"),
    )

    GROUPS = [*ProgrammeForm.GROUPS, (_("版本记录"), ["note"])]


class SectionForm(forms.ModelForm):
    class Meta:
        model = NoticeSection
        fields = ["heading", "body", "lists_content_areas"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "heading": _("含序号，如“一、指导思想”。"),
            "body": _("分段照录；段落之间换行。"),
        }


class ContentAreaForm(forms.ModelForm):
    class Meta:
        model = ContentArea
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "title": _("不含序号，如“队伍建设”；通知中依次编为（一）（二）……"),
        }


def form_choices(programme: Programme) -> list:
    """Forms a category may use: a copy of a built-in template, or one of the programme's."""
    templates = [
        (f"template:{d.pk}", _("复制内置模板：%(title)s") % {"title": d.title})
        for d in FormDefinition.objects.filter(is_template=True).order_by("pk")
    ]
    own = [
        (f"own:{d.pk}", d.title)
        for d in FormDefinition.objects.filter(programme=programme).order_by("pk")
    ]
    choices: list = [("", _("请选择申报表"))]
    if own:
        choices.append((_("本项目的申报表"), own))
    if templates:
        choices.append((_("内置模板（复制一份供本项目使用）"), templates))
    return choices


def resolve_form_choice(value: str, programme: Programme) -> tuple[FormVersion | None, bool]:
    """(version, is_template) for a value of ``form_choices``; (None, False) if unknown."""
    source, _sep, pk = value.partition(":")
    if not pk.isdigit():
        return None, False
    if source == "template":
        definition = FormDefinition.objects.filter(is_template=True, pk=pk).first()
    elif source == "own":
        definition = FormDefinition.objects.filter(programme=programme, pk=pk).first()
    else:
        return None, False
    version = definition.latest() if definition else None
    return version, source == "template"


class CategoryForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("申报主体"), choices=ApplicantKind.choices, widget=forms.RadioSelect
    )
    region_tiers = forms.TypedMultipleChoiceField(
        label=_("可申报的地区层级"),
        choices=[
            (Tier.PREFECTURE.value, Tier.PREFECTURE.label),
            (Tier.COUNTY.value, Tier.COUNTY.label),
        ],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("地区类：地级、县级可多选（如综合试点为地市级及以下）。"),
    )
    unit_categories = forms.MultipleChoiceField(
        label=_("可申报的单位类别"),
        choices=UnitCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("单位类：至少选择一类。"),
    )
    chain = forms.MultipleChoiceField(
        label=_("审核推荐层级"),
        choices=[(level.value, level.label) for level in CHAIN_ORDER],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "按申报表上意见栏的顺序；申报主体意见和省级民政厅(局)意见必须有，其余按本类别需要选择。"
        ),
        error_messages={"required": _("审核推荐链须以申报主体意见开始，并包括省级民政部门。")},
    )
    form = forms.ChoiceField(
        label=_("申报表"),
        help_text=_("选择内置模板时复制一份，可在“申报表”中增删栏目而不影响模板。"),
    )
    form_title = forms.CharField(
        label=_("复制后的表名"),
        max_length=100,
        required=False,
        help_text=_("仅复制模板时使用；留空沿用模板表名。"),
    )

    class Meta:
        model = ApplicantCategory
        fields = [
            "name",
            "kind",
            "region_tiers",
            "unit_categories",
            "accepts_affiliates",
            "chain",
            "max_per_organisation",
            "province_quota",
        ]
        help_texts = {
            "name": _("如：试点地区、企业试点单位"),
            "max_per_organisation": _("同一申报主体在本类别中最多提交的申报数。"),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.template_version: FormVersion | None = None
        self.fields["form"].choices = form_choices(programme)
        if self.instance.pk:
            self.initial["form"] = f"own:{self.instance.form.definition_id}"
        elif not self.is_bound:
            self.initial["chain"] = [
                ChainLevel.APPLICANT,
                ChainLevel.UPPER_CIVIL_AFFAIRS,
                ChainLevel.PROVINCE,
            ]

    def clean_chain(self):
        # Stored in the order of the official form, whatever order the browser sent.
        return sorted(self.cleaned_data["chain"], key=CHAIN_ORDER.index)

    def clean(self):
        data = super().clean()
        # Boxes for the other kind may have been ticked before the kind was switched.
        if data.get("kind") == ApplicantKind.REGION:
            data["unit_categories"] = []
            data["accepts_affiliates"] = False
        elif data.get("kind") == ApplicantKind.UNIT:
            data["region_tiers"] = []
        if data.get("form"):
            version, is_template = resolve_form_choice(data["form"], self.programme)
            if version is None:
                self.add_error("form", _("请选择申报表。"))
            else:
                # The model checks the form has fields: a template's copy has the same ones.
                self.instance.form = version
                self.template_version = version if is_template else None
        return data

    def _post_clean(self):
        # A field the form refused (no level ticked) is not checked again by the model's
        # clean, which would only say the same thing a second time.
        refused = {name: len(errors) for name, errors in self.errors.items()}
        super()._post_clean()
        for name, count in refused.items():
            del self._errors[name][count:]


class NewFormForm(forms.Form):
    source = forms.ChoiceField(label=_("从哪里开始"))
    title = forms.CharField(
        label=_("表名"),
        max_length=100,
        required=False,
        help_text=_("如：企业社会工作试点单位申报表；复制时留空沿用原表名。"),
    )
    applicant_label = forms.CharField(
        label=_("申报主体栏名"),
        max_length=16,
        required=False,
        help_text=_("仅空白表：表头左侧竖栏，如“申报地区”或“申报单位”。"),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        choices = form_choices(programme)
        choices[0] = ("blank", _("空白表（从头添加栏目）"))
        self.fields["source"].choices = choices
        self.programme = programme

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == "blank":
            if not data.get("title"):
                self.add_error("title", _("空白表须填写表名。"))
            data["version"] = None
        elif source:
            data["version"], _is_template = resolve_form_choice(source, self.programme)
            if data["version"] is None:
                self.add_error("source", _("请选择要复制的申报表。"))
        return data


class FormDefinitionForm(forms.ModelForm):
    class Meta:
        model = FormDefinition
        fields = ["title", "applicant_label"]


PREFILL_CHOICES = [
    ("", _("不预填")),
    ("name", _("申报主体名称")),
    ("address", _("通信地址")),
    ("postcode", _("邮政编码")),
    ("phone", _("联系电话")),
    ("email", _("电子信箱")),
    ("credit_code", _("统一社会信用代码")),
]


class FormFieldForm(forms.ModelForm):
    """One field of a form. The view decides which version it goes to (``editable_version``)."""

    key = forms.SlugField(
        label=_("字段标识"),
        max_length=40,
        required=False,
        help_text=_("英文字母、数字、下划线；留空按顺序自动生成，如 field_12。"),
    )
    choices = forms.CharField(
        label=_("选项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("仅“选项”类栏目：每行一个选项。"),
    )
    prefill = forms.ChoiceField(label=_("预填来源"), required=False, choices=PREFILL_CHOICES)

    class Meta:
        model = FormField
        fields = [
            "label",
            "key",
            "field_type",
            "block",
            "row",
            "required",
            "max_length",
            "help_text",
            "choices",
            "prefill",
        ]
        help_texts = {
            "label": _("照纸质申报表的栏目名称填写。"),
            "row": _("仅表头栏目：同一行的栏目填同一行号。"),
            "max_length": _("长文本必填，如 5000。"),
        }

    def __init__(self, *args, version: FormVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["field_type"].choices = FieldType.choices
        self.initial["choices"] = "\n".join(self.instance.choices or [])
        prefill = self.instance.prefill
        if prefill and prefill not in dict(PREFILL_CHOICES):
            self.fields["prefill"].choices = [*PREFILL_CHOICES, (prefill, prefill)]

    def clean_choices(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data["choices"].splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    def clean(self):
        data = super().clean()
        others = self.version.fields.exclude(pk=self.instance.pk)
        key = data.get("key")
        if "key" in data and not key:
            order = self.instance.order
            key = f"field_{order}"
            while others.filter(key=key).exists():
                order += 1
                key = f"field_{order}"
            data["key"] = key
        elif key and others.filter(key=key).exists():
            self.add_error("key", _("本表已有标识为“%(key)s”的栏目。") % {"key": key})
        return data
