"""Orders: placing one reserves the stock; each later step is one transition of the state machine."""

from __future__ import annotations

from balai.common.errors import Problem, not_found
from balai.common.ids import uuid7
from balai.marketplace import events
from balai.marketplace.commands import ChangeOrder, PlaceOrder
from balai.marketplace.domain.orders import DeliveryInfo, Order, OrderLine, OrderStatus, requested_lines
from balai.marketplace.handlers.common import now, require_resident, shop
from balai.marketplace.uow import MarketplaceUnitOfWork


async def place_order(cmd: PlaceOrder, uow: MarketplaceUnitOfWork) -> Order:
    require_resident(cmd.actor, "Masuk sebagai warga untuk memesan.")
    wishes = requested_lines(cmd.items)
    delivery = DeliveryInfo.parse(
        delivery=cmd.delivery, address=cmd.address, contact_phone=cmd.contact_phone, note=cmd.note
    )
    seller = await shop(uow, cmd.shop_id)
    Order.check_can_order(seller, cmd.actor.subject)
    known = await uow.products.many([product_id for product_id, _ in wishes])
    for product_id, _ in wishes:
        if product_id not in known or known[product_id].shop_id != seller.id:
            raise Problem(
                422, "product_not_in_shop", "Ada barang yang tidak dijual di lapak ini.", product_id=str(product_id)
            )
        if known[product_id].hidden:
            raise Problem(409, "product_unavailable", f"{known[product_id].details.title} sedang tidak dijual.")
    lines: list[OrderLine] = []
    for product_id, quantity in wishes:  # sorted by id: concurrent orders lock rows in the same order
        line = await uow.products.reserve(seller.id, product_id, quantity)
        if line is None:
            title = known[product_id].details.title
            available = await uow.products.stock_of(product_id)
            raise Problem(
                409,
                "out_of_stock",
                f"Stok {title} tinggal {available}.",
                product_id=str(product_id),
                available=available,
            )
        lines.append(line)
    order = Order.place(
        order_id=uuid7(),
        shop=seller,
        buyer=cmd.actor.subject,
        lines=lines,
        delivery=delivery,
        payment=cmd.payment,
        now=now(),
    )
    await uow.orders.add(order)
    events.order_placed(uow, order)
    return order


async def change_order(cmd: ChangeOrder, uow: MarketplaceUnitOfWork) -> Order:
    order = await uow.orders.get(cmd.order_id)
    if order is None:
        raise not_found("Pesanan", "order_not_found")
    party = order.require_party(cmd.actor.subject)
    at = now()
    if cmd.action == "confirm":
        changed = order.confirm(party, at)
    elif cmd.action == "dispatch":
        changed = order.dispatch(party, at, courier=cmd.courier, tracking_number=cmd.tracking_number)
    elif cmd.action == "complete":
        changed = order.complete(party, at)
    elif cmd.action == "cancel":
        changed = order.cancel(party, cmd.reason, at)
    else:
        changed = order.mark_paid(party, at)
    if changed:
        await uow.orders.save(order)  # compare-and-set: of two racing steps only one gets here
        if order.status is OrderStatus.CANCELLED:
            for line in order.lines:
                await uow.products.release(line.product_id, line.quantity)
        events.order_changed(uow, order, by=party, paid_now=cmd.action == "pay")
    return order
