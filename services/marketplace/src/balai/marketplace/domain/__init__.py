"""The marketplace's rules, pure Python (no I/O): values, shops, products, orders.

Every rule that fails raises `balai.common.errors.Problem` with an Indonesian `detail`: 422 for data
that is not valid, 409 for a state that does not allow the change.
"""
