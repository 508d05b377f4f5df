"""The URL map of the desk actions (催办, 抄送, 征求意见, 转办, 委派, 代理, 回避...); the views are in `views.py`,
`expert_views.py`, `handover_views.py` and `substitute_views.py`. The template globals say which of
these buttons a page offers."""

from __future__ import annotations

from flask import Blueprint

from webapp.desk import expert_views, handover_views, substitute_views, views

bp = Blueprint("desk", __name__, template_folder="templates")
for offer in (views.urge_offer, views.copy_offer, views.consult_offer, views.opinions_on, views.opinions_waiting,
              views.batch_offer, expert_views.expert_panel, handover_views.desk_offer,
              handover_views.application_withdraw_offer):
    bp.add_app_template_global(offer)

bp.add_url_rule("/cases/<int:instance_id>/urge", "urge", views.urge, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/copies", "copy", views.copy, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/consultations", "consult", views.consult, methods=["POST"])
bp.add_url_rule("/consultations", "consultations", views.consultations, methods=["GET"])
bp.add_url_rule("/consultations/<int:consultation_id>", "consultation", views.consultation, methods=["GET"])
bp.add_url_rule("/consultations/<int:consultation_id>/opinion", "give_opinion", views.give_opinion, methods=["POST"])
bp.add_url_rule("/inbox/batch", "batch_tasks", views.batch_tasks, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/decline", "decline_expert", expert_views.decline_expert, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/replacement", "replace_expert", expert_views.replace_expert, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/transfer", "transfer", handover_views.transfer, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/delegate", "delegate", handover_views.delegate, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/reassign", "reassign", handover_views.reassign, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/withdraw", "withdraw", handover_views.withdraw, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/return", "return_case", handover_views.return_case, methods=["POST"])
bp.add_url_rule("/applications/<int:application_id>/withdraw", "withdraw_application",
                handover_views.withdraw_application, methods=["POST"])
bp.add_url_rule("/account/substitutes", "substitutes_page", substitute_views.substitutes_page,
                methods=["GET", "POST"])
bp.add_url_rule("/substitutes/<int:substitution_id>/cancel", "cancel_substitute", substitute_views.cancel_substitute,
                methods=["POST"])
