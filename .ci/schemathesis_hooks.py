"""Schemathesis hooks for `.ci/schemathesis` (issue #11, item 6).

One check: schemathesis' own `positive_data_acceptance` (schema-valid requests are accepted),
except for two refusals whose reason JSON Schema cannot state, recognised from the problem
body's `errors` (each names a field and a `problem` slug) and from nothing else:

- 422 Unprocessable Content (RFC 9110 §15.5.21: the content is well-formed, but the server
  cannot process its instructions) when every error is a rule that spans records or fields:
  a reference to a record that does not exist (`missing_reference`), an obligation or value
  exchange naming an organisation that is not a party (`not_a_party`), dates out of order
  (`date_order`), the same party twice (`duplicate`), an approval policy naming an account
  that does not exist or holds neither the approver nor the admin role (`not_a_decider`; the
  accounts are not records the document can enumerate), or a ROR ID of the documented shape
  whose ISO 7064 checksum is wrong (`malformed` on `identifiers.ror`). The document describes
  each of these rules in words.
- 422 to a PATCH when every error is inside `relationship`: a merge patch merges nested
  objects member by member (RFC 7396), so a patch that switches `relationship` from
  `excluded` to another status keeps the stored `reason`, which that status does not take.
  Whether a patch is acceptable then depends on the stored record; RFC 5789 §2.2 answers a
  patch whose result would be invalid with 422.
- 400 Bad Request when every error is on `cursor` of a search: the cursor is an opaque token
  that only the server mints (the document says so); an invented one cannot be honoured.

Any other refusal of schema-valid data still fails the run.
"""

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

CROSS_RECORD = {"missing_reference", "not_a_party", "date_order", "duplicate", "not_a_decider"}


def _errors(response):
    try:
        body = response.json()
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    return errors if isinstance(errors, list) else []


def _beyond_json_schema(error):
    problem = error.get("problem")
    field = str(error.get("field", ""))
    return problem in CROSS_RECORD or (problem == "malformed" and field.endswith("identifiers.ror"))


def _in_relationship(error):
    field = str(error.get("field", ""))
    return field == "relationship" or field.startswith("relationship.")


def _explained(response, case):
    errors = _errors(response)
    if not errors:
        return False
    if response.status_code == 422 and all(_beyond_json_schema(e) for e in errors):
        return True
    if response.status_code == 422 and case.method.upper() == "PATCH":
        return all(_in_relationship(e) or _beyond_json_schema(e) for e in errors)
    if response.status_code == 400:
        return all(e.get("field") == "cursor" for e in errors)
    return False


@schemathesis.check
def positive_data_acceptance_within_json_schema(ctx, response, case):
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _explained(response, case):
            return None
        raise
