"""Who may build, check and download DfE returns, and who may import from another system (django-rules)."""

import rules

from .selectors import may_generate_returns, may_import


@rules.predicate
def generates_returns(user) -> bool:
    return may_generate_returns(user)


@rules.predicate
def imports_records(user) -> bool:
    return may_import(user)


rules.add_perm("interchange.generate_returns", generates_returns)
rules.add_perm("interchange.import_records", imports_records)
