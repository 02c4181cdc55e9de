"""Plausible Chinese text of a given length for the generated applications, plans, reports and
notices: sentences of the kind these documents are made of, shuffled into paragraphs.

Deterministic for a given ``random.Random``; cheap (paragraphs are drawn from a pool built once),
so that a hundred thousand 试点方案 of 2,000-5,000 characters cost seconds, not minutes.
"""

import random

SUBJECTS = [
    "本地区",
    "我单位",
    "县民政局",
    "街道社会工作服务站",
    "社区居民委员会",
    "乡镇社会工作站",
    "试点工作领导小组",
    "市委社会工作部",
    "民政部门",
    "社会工作服务机构",
]
ACTIONS = [
    "统筹推进社会工作人才队伍建设，完善社会工作岗位设置和薪酬保障机制",
    "依托乡镇（街道）社会工作站，为困难群众、老年人、儿童和残疾人提供专业服务",
    "开发设置社会工作专业岗位，明确岗位职责、任职条件和考核办法",
    "建立社会工作者、志愿者、社区社会组织联动服务机制",
    "将社会工作服务纳入政府购买服务指导性目录，保障项目资金稳定投入",
    "组织开展社会工作者职业水平评价考前培训和继续教育",
    "完善督导体系，每季度开展专业督导和个案研讨不少于两次",
    "制定社会工作服务标准，规范服务流程、档案管理和成效评估",
    "推动社会工作专业人才在基层治理、社会救助、养老服务等领域发挥作用",
    "建立健全试点工作台账，按季度报送进展情况和指标完成情况",
    "加强与高校社会工作专业的合作，建设实习实训基地",
    "探索社会工作与慈善事业、志愿服务融合发展的有效路径",
    "落实试点经费，专款专用，接受审计和社会监督",
    "开展社会工作宣传周活动，提高社会工作的社会认知度",
    "引导企业设置社会工作岗位，为职工提供心理疏导、关系调适等服务",
    "对特殊困难老年人开展探访关爱服务，建立一人一档",
    "为农村留守儿童提供课业辅导、安全教育和亲子关系辅导",
    "完善社会工作服务需求评估、服务计划、服务实施和结案评估环节",
]
OUTCOMES = [
    "形成可复制、可推广的经验",
    "确保试点任务按期完成",
    "服务对象满意度达到百分之九十以上",
    "持证社会工作者数量年均增长百分之十五",
    "实现乡镇（街道）社会工作站全覆盖",
    "专业岗位开发数量达到每万人一点五个以上",
    "建立岗位、人才、项目、资金协同推进的工作格局",
    "为全国社会工作发展提供实践样本",
]
CONNECTIVES = ["同时，", "在此基础上，", "截至目前，", "下一步，", "为此，", "与此同时，", ""]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(CONNECTIVES)}{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}，"
        f"{rng.choice(OUTCOMES)}。"
    )


class Corpus:
    """A pool of paragraphs; ``text(n)`` joins random ones up to about ``n`` characters."""

    def __init__(self, seed: int = 2026, size: int = 400):
        rng = random.Random(seed)
        self.rng = random.Random(seed + 1)
        self.paragraphs = [
            "".join(sentence(rng) for _ in range(rng.randint(3, 7))) for _ in range(size)
        ]

    def text(self, length: int) -> str:
        parts: list[str] = []
        total = 0
        choice = self.rng.choice
        while total < length:
            paragraph = choice(self.paragraphs)
            parts.append(paragraph)
            total += len(paragraph) + 1
        return "\n".join(parts)[:length]

    def between(self, low: int, high: int) -> str:
        return self.text(self.rng.randint(low, high))
