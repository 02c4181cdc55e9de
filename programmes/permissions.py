from accounts.models import Role


def can_manage_programmes(user) -> bool:
    """Programme officers of the ministry set up and run programmes."""
    return bool(user and user.is_authenticated and user.has_role(Role.OFFICER) and user.is_ministry)
