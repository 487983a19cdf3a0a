def validate(request, *a, **k):
    raise NotImplementedError


def certificate_list(request, *a, **k):
    raise NotImplementedError


def certificate_issue(request, *a, **k):
    raise NotImplementedError


def certificate_import(request, *a, **k):
    raise NotImplementedError


def certificate_detail(request, *a, **k):
    raise NotImplementedError


def certificate_revoke(request, *a, **k):
    raise NotImplementedError


def certificate_renew(request, *a, **k):
    raise NotImplementedError


def my_signature(request, *a, **k):
    raise NotImplementedError


def seal(request, *a, **k):
    raise NotImplementedError


def crl(request, *a, **k):
    raise NotImplementedError


def ca_certificate(request, *a, **k):
    raise NotImplementedError


def tsa(request, *a, **k):
    raise NotImplementedError
