from xanh.core.access import is_coordinator, is_operator, roles_of


def roles(request):
    user = request.user
    return {
        "is_coordinator": is_coordinator(user),
        "is_operator": is_operator(user),
        "user_roles": roles_of(user),
    }
