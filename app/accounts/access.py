"""Who may open what: the session loader and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import Role, User
from app.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Accept the cookie only while its token matches and the account is active."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    query = select(User).where(User.id == int(user_id)).options(joinedload(User.role_rows))
    user = db.session.scalars(query).unique().first()
    if user is None or not user.is_active or user.deleted_at is not None:
        return None
    return user if user.session_token == token else None


def roles_required(*roles: Role) -> Callable:
    """Signed-in users holding any of these roles; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: object, **kwargs: object):
            # login_required lets OPTIONS through, so the user may be anonymous here.
            if not current_user.is_authenticated or not any(
                current_user.has_role(role) for role in roles
            ):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def coordinator_required(view: Callable) -> Callable:
    """Coordinators of a judiciary (admins use the admin area instead)."""

    @wraps(view)
    @login_required
    def wrapped(*args: object, **kwargs: object):
        if not current_user.is_authenticated or current_user.coordinated_judiciary_id is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
