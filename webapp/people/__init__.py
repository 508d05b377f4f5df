"""User administration (用户管理): the commands that create and change users, their roles, status and
sessions (`services`), and the administrators' pages under /admin/users."""
