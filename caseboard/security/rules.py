"""Who may issue, see and revoke API tokens."""

import rules


@rules.predicate
def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_administrator)


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and token.user_id == user.pk


rules.add_perm("security.issue_api_token", is_administrator)
rules.add_perm("security.revoke_api_token", is_administrator | owns_token)
