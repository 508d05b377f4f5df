"""Desk actions (案头操作): what people do to a case besides completing its tasks. 催办 (urging the people
a waiting case waits for) and 抄送 (copying a decision to others, who may then read the case).

Each action is one command that locks the case, checks who may do it, tells people through
`notifications.send` and records itself in the case's audit trail, all in one transaction.
"""
