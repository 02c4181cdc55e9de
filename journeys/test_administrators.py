"""The three administrators (三员) at work, on one new colleague's account.

- 13-system-admin: 周建国 (mz_sysadmin) opens an account for a new reviewer at 江西省民政厅; she
  signs in with the initial password and must change it; he disables and re-enables the
  account, and later resets her password. 黄丽萍 (jx_sysadmin) sees 江西's accounts only.
- 14-security-admin: the colleague mistypes her password five times and is locked out; 吴立新
  (mz_security) reads the security policy and the failed logins, and lifts the lockout.
- 15-audit-admin: 郑晓红 (mz_audit) finds the account's creation and the lockout in the audit
  log, opens a row (who, when, from where, what changed, its hash) and exports the log.
"""

import io

from axes.models import AccessAttempt
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Role, User
from audit.models import AuditEvent, Event

SYSTEM = "13-system-admin"
SECURITY = "14-security-admin"
AUDIT = "15-audit-admin"

USERNAME = "jx_xuwj"
FULL_NAME = "徐文静"
PROVINCE_BUREAU = "江西省民政厅"
INITIAL_PASSWORD = "Chushi#2026"
OWN_PASSWORD = "Wenjing#2026"
SECOND_INITIAL = "Chongzhi#2026"
FINAL_PASSWORD = "Wenjing#2027"


def log_in(person, password: str) -> None:
    """The login form with a password of the person's own (not the demo one)."""
    page = person.page
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(person.username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def change_password(person, old: str, new: str) -> None:
    page = person.page
    page.locator("#id_old_password").fill(old)
    page.locator("#id_new_password1").fill(new)
    page.locator("#id_new_password2").fill(new)
    page.get_by_role("button", name="修改密码").click()


def test_the_three_administrators_look_after_a_new_colleague(journey):
    # ------------------------------------------------------------ 13: system administrator
    zhou = journey.person("mz_sysadmin", chapter=SYSTEM, role="民政部系统管理员 周建国")
    page = zhou.page
    zhou.sign_in()
    expect(page.get_by_role("heading", name="待办")).to_be_visible()
    zhou.see("待办")
    page.get_by_role("link", name="账号管理").click()
    expect(page.get_by_role("heading", name="账号管理")).to_be_visible()
    zhou.see("账号管理", shot="account-list")

    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("用户名").fill(USERNAME)
    page.get_by_label("姓名").fill(FULL_NAME)
    page.get_by_label("所属单位").select_option(label=PROVINCE_BUREAU)
    page.get_by_label("职务").fill("社会工作处干部")
    page.get_by_label("联系电话").fill("0791-8666")  # too short: an error, nothing lost
    page.get_by_label("审核人").check()
    page.get_by_label("初始密码").fill(INITIAL_PASSWORD)
    page.get_by_role("heading", name="新建账号").scroll_into_view_if_needed()
    zhou.see("新建账号", shot="new-account")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#form-errors")).to_contain_text("电话号码格式不正确")
    expect(page.get_by_label("姓名")).to_have_value(FULL_NAME)
    zhou.see("新建账号（有错误）", shot="new-account-error")
    page.get_by_label("联系电话").fill("0791-86661234")
    page.get_by_label("初始密码").fill(INITIAL_PASSWORD)
    page.get_by_role("button", name="保存").click()
    zhou.said(f"已创建账号 {FULL_NAME}")
    expect(page.get_by_role("row", name=USERNAME)).to_contain_text(PROVINCE_BUREAU)
    zhou.see("账号管理（新账号）", shot="account-created")

    # The new colleague signs in with the initial password and must change it first.
    xu = journey.person(USERNAME, chapter=SYSTEM, role=f"{PROVINCE_BUREAU} {FULL_NAME}")
    log_in(xu, INITIAL_PASSWORD)
    expect(xu.page.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(xu.page.get_by_role("status")).to_contain_text("初始密码")
    xu.see("首次登录修改密码", shot="first-login")
    xu.page.get_by_role("link", name="待办").first.click()  # nothing else opens before the change
    expect(xu.page.get_by_role("heading", name="修改密码")).to_be_visible()
    change_password(xu, INITIAL_PASSWORD, OWN_PASSWORD)
    xu.said("密码已修改")
    expect(xu.page.get_by_role("heading", name="待办")).to_be_visible()
    expect(xu.page.locator("body")).to_contain_text(FULL_NAME)
    xu.see("待办（新同事）")

    # Disable and re-enable the account.
    page.get_by_role("link", name=USERNAME).click()
    expect(page.get_by_role("heading", name=f"{FULL_NAME}（{USERNAME}）")).to_be_visible()
    zhou.see("账号详情", shot="account-edit")
    page.get_by_role("button", name="停用账号").click()
    zhou.said(f"已停用 {FULL_NAME}")
    expect(page.get_by_role("button", name="启用账号")).to_be_visible()
    page.get_by_role("button", name="启用账号").scroll_into_view_if_needed()
    zhou.see("账号详情（已停用）", shot="account-disabled")
    page.get_by_role("button", name="启用账号").click()
    zhou.said(f"已启用 {FULL_NAME}")
    zhou.see("账号详情（已启用）")

    # 黄丽萍, 江西's system administrator, sees 江西's accounts only.
    huang = journey.person("jx_sysadmin", chapter=SYSTEM, role="江西省民政厅系统管理员 黄丽萍")
    huang.sign_in()
    huang.see("待办")
    huang.page.get_by_role("link", name="账号管理").click()
    table = huang.page.get_by_role("table")
    expect(table).to_contain_text(USERNAME)
    expect(table).to_contain_text("dh_applicant")
    expect(table).not_to_contain_text("gd_endorser")
    expect(table).not_to_contain_text("mz_officer")
    huang.see("账号管理（江西）", shot="province-accounts")
    other = User.objects.get(username="gd_endorser")
    response = huang.page.goto(f"/accounts/manage/{other.pk}/")
    assert response.status == 404
    huang.see("外省账号（不存在）")

    # ------------------------------------------------------------ 14: security administrator
    # 徐文静 forgets her new password: five failures lock her out, even with the right one.
    xu = journey.person(USERNAME, chapter=SECURITY)
    xu.page.get_by_role("button", name="退出").click()
    for attempt in range(5):
        log_in(xu, f"Wrong#{attempt}abc")
        if attempt == 0:
            expect(xu.page.locator("main")).to_contain_text("用户名或密码不正确")
            xu.see("登录失败", shot="login-failed")
    expect(xu.page.get_by_role("heading", name="账号已锁定")).to_be_visible()
    xu.see("账号已锁定", shot="locked-out")
    log_in(xu, OWN_PASSWORD)
    expect(xu.page.get_by_role("heading", name="账号已锁定")).to_be_visible()

    wu = journey.person("mz_security", chapter=SECURITY, role="民政部安全管理员 吴立新")
    wu.sign_in()
    wu.see("待办")
    wu.page.get_by_role("link", name="安全管理").click()
    policy = wu.page.locator(".card").filter(has_text="当前安全策略")
    expect(policy).to_contain_text("连续登录失败 5 次锁定 30 分钟")
    expect(policy).to_contain_text("无操作 30 分钟自动退出")
    expect(policy).to_contain_text("密码至少8位")
    expect(policy).to_contain_text("此处只读")
    attempts = wu.page.get_by_role("row", name=USERNAME)
    expect(attempts).to_contain_text("127.0.0.1")
    expect(attempts.get_by_role("cell").nth(2)).to_have_text("5")
    expect(attempts).to_contain_text("已锁定")
    wu.see("安全管理", shot="security")
    wu.page.get_by_label("用户名").fill(USERNAME)
    wu.see("解除锁定", shot="unlock")
    wu.page.get_by_role("button", name="解除锁定").click()
    wu.said(f"已解除 {USERNAME} 的锁定")
    expect(wu.page.get_by_role("row", name=USERNAME)).to_have_count(0)
    wu.see("安全管理（已解除）", shot="unlocked")

    # She still does not remember the password: 周建国 resets it to a new initial one.
    zhou = journey.person("mz_sysadmin", chapter=SYSTEM)
    zhou.page.get_by_label("新的初始密码").fill(SECOND_INITIAL)
    zhou.page.get_by_role("button", name="重置密码").click()
    zhou.said(f"已重置 {FULL_NAME} 的密码")
    zhou.see("账号详情（已重置密码）", shot="password-reset")
    log_in(xu, SECOND_INITIAL)
    expect(xu.page.get_by_role("heading", name="修改密码")).to_be_visible()
    change_password(xu, SECOND_INITIAL, FINAL_PASSWORD)
    xu.said("密码已修改")
    expect(xu.page.get_by_role("heading", name="待办")).to_be_visible()

    # ------------------------------------------------------------ 15: audit administrator
    zheng = journey.person("mz_audit", chapter=AUDIT, role="民政部审计管理员 郑晓红")
    page = zheng.page
    zheng.sign_in()
    zheng.see("待办")
    page.get_by_role("link", name="审计日志").click()
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    zheng.see("审计日志", shot="audit-log")

    today = timezone.localdate().isoformat()
    filters = page.get_by_role("form", name="筛选")
    filters.get_by_label("起始日期").fill(today)
    filters.get_by_label("截止日期").fill(today)
    filters.get_by_label("事件").select_option(label="创建账号")
    filters.get_by_label("操作人").fill("周建国")
    filters.get_by_role("button", name="筛选").click()
    created = page.get_by_role("row").filter(has_text=FULL_NAME)
    expect(created).to_have_count(1)
    expect(created).to_contain_text("周建国")
    expect(created).to_contain_text("127.0.0.1")
    zheng.see("审计日志（筛选）", shot="audit-filter")
    created.get_by_role("link").first.click()
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text("创建账号")
    expect(main).to_contain_text("周建国 (mz_sysadmin)")
    expect(main).to_contain_text("127.0.0.1")
    changes = page.get_by_role("table")
    expect(changes.get_by_role("row", name="所属单位")).to_contain_text(PROVINCE_BUREAU)
    expect(changes.get_by_role("row", name="角色")).to_contain_text("审核人")
    expect(main).to_contain_text("内容与哈希一致")
    zheng.see("审计记录详情", shot="audit-detail")

    page.get_by_role("link", name="返回审计日志").click()
    filters = page.get_by_role("form", name="筛选")
    filters.get_by_label("事件").select_option(label="账号锁定")
    filters.get_by_role("button", name="筛选").click()
    # The fifth failure, and the attempt she made while locked out.
    locked = page.get_by_role("row").filter(has_text=USERNAME)
    expect(locked).to_have_count(2)
    expect(locked.last).to_contain_text("127.0.0.1")
    zheng.see("审计日志（账号锁定）", shot="audit-lockout")
    filters.get_by_label("事件").select_option(label="解除锁定")
    filters.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("row").filter(has_text=USERNAME)).to_contain_text("吴立新")
    zheng.see("审计日志（解除锁定）")

    # Export what the filters show (today's events) as Excel.
    filters.get_by_label("事件").select_option(label="全部")
    filters.get_by_role("button", name="筛选").click()
    zheng.see("审计日志（当天）")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(FULL_NAME in c for c in cells)
    assert any(USERNAME in c for c in cells)

    # What everyone relies on afterwards.
    account = User.objects.get(username=USERNAME)
    assert account.organisation.name == PROVINCE_BUREAU
    assert account.roles == {Role.ENDORSER}
    assert account.is_active
    assert not account.must_change_password
    assert account.check_password(FINAL_PASSWORD)
    assert not AccessAttempt.objects.filter(username=USERNAME).exists()
    events = set(
        AuditEvent.objects.filter(at__date__gte=timezone.localdate()).values_list(
            "event", flat=True
        )
    )
    assert {
        Event.ACCOUNT_CREATE,
        Event.ACCOUNT_DEACTIVATE,
        Event.ACCOUNT_ACTIVATE,
        Event.LOGIN_FAILED,
        Event.LOCKOUT,
        Event.UNLOCK,
        Event.PASSWORD_RESET,
        Event.PASSWORD_CHANGE,
        Event.EXPORT,
    } <= events
    assert User.objects.get(username="gd_endorser").organisation.name != PROVINCE_BUREAU
