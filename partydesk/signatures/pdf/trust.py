"""What a validator trusts: our root (and configured extra roots), intermediates and the CRLs
we publish, handed over in memory so validation never needs the network."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext


@dataclass(frozen=True)
class Trust:
    roots: tuple[bytes, ...]
    intermediates: tuple[bytes, ...] = ()
    crls: tuple[bytes, ...] = ()
    allow_fetching: bool = False
    ocsps: tuple[bytes, ...] = ()  # OCSP responses held, e.g. fetched from our responder
    # "soft-fail": revocation data that cannot be had is not a failure; "hard-fail": it is,
    # for certificates that name a CRL or OCSP responder.
    revocation_mode: str = "soft-fail"

    def context(self) -> ValidationContext:
        """A fresh context per validation (contexts cache per-document state), built from
        certificates and CRLs parsed once per process."""
        roots, others, crls = _parsed(self)
        return ValidationContext(
            trust_roots=list(roots),
            other_certs=list(others),
            crls=list(crls),
            ocsps=[asn1_ocsp.OCSPResponse.load(o) for o in self.ocsps],
            allow_fetching=self.allow_fetching,
            revocation_mode=self.revocation_mode,
        )

    def context_at(self, moment: dt.datetime, reader: PdfFileReader) -> ValidationContext:
        """A context that judges certificates at `moment` (a trusted time-stamp's time):
        the revocation data embedded in the document (its DSS, captured at signing) plus our
        current CRLs, taken as valid for that past moment. A revocation dated after `moment`
        does not count; one dated before it does, however late it was published."""
        roots, others, crls = _parsed(self)
        kwargs = {
            "trust_roots": list(roots),
            "other_certs": list(others),
            "crls": list(crls),
            "moment": moment,
            "retroactive_revinfo": True,
            "allow_fetching": False,  # pyHanko: a past moment is judged on held data only
            "revocation_mode": "hard-fail",
        }
        try:
            dss = DocumentSecurityStore.read_dss(reader)
        except NoDSSFoundError:
            return ValidationContext(**kwargs)  # type: ignore[arg-type]
        return dss.as_validation_context(kwargs)

    def crl_issuers(self) -> set[bytes]:
        """Names (DER) of the issuers whose revocation lists we hold."""
        return {c["tbs_cert_list"]["issuer"].dump() for c in _parsed(self)[2]}


@functools.lru_cache(maxsize=16)
def _parsed(
    trust: Trust,
) -> tuple[
    tuple[asn1_x509.Certificate, ...],
    tuple[asn1_x509.Certificate, ...],
    tuple[asn1_crl.CertificateList, ...],
]:
    return (
        tuple(asn1_x509.Certificate.load(c) for c in trust.roots),
        tuple(asn1_x509.Certificate.load(c) for c in trust.intermediates),
        tuple(asn1_crl.CertificateList.load(c) for c in trust.crls),
    )
