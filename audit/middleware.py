from audit.context import client_ip, source_address


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = source_address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            source_address.reset(token)
