use super::*;
use uuid::Uuid;

fn org(n: u128) -> OrganisationId {
    OrganisationId(Uuid::from_u128(n))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fotothek() -> Partnership {
    Partnership {
        areas: vec!["content_glam".into()],
        level: Some("national".into()),
        tier: Some("contributory".into()),
        parties: vec![
            Party {
                organisation: org(1),
                role: "lead".into(),
            },
            Party {
                organisation: org(2),
                role: "partner".into(),
            },
        ],
        instrument: Some("content_or_data_licence".into()),
        value_exchange: vec![ValueExchange {
            party: org(2),
            gives: "250,000 images".into(),
            gets: "reach".into(),
            financial_terms: Some("none".into()),
            financial_visibility: Visibility::Parties,
            financial_readers: Vec::new(),
        }],
        obligations: vec![Obligation {
            party: org(1),
            description: "Upload".into(),
            due: Some(date(2009, 12, 31)),
            met: None,
        }],
        start_date: Some(date(2009, 1, 1)),
        end_date: Some(date(2010, 1, 1)),
        status: PartnershipStatus::Concluded,
        red_lines: None,
        assessment: None,
        approval: None,
        ..Partnership::new(
            PartnershipId(Uuid::from_u128(100)),
            Translatable::one("en", "Deutsche Fotothek image donation"),
            "partnership",
        )
    }
}

#[test]
fn a_well_formed_partnership_passes() {
    assert_eq!(fotothek().validate(&Vocabularies::defaults()), Ok(()));
}

#[test]
fn every_obligation_needs_a_party_of_the_partnership() {
    let mut p = fotothek();
    p.obligations[0].party = org(3);
    let e = p.validate(&Vocabularies::defaults()).unwrap_err();
    assert!(e.mentions("obligations[0].party"), "{e}");
}

#[test]
fn dates_must_be_in_order() {
    let mut p = fotothek();
    p.end_date = Some(date(2008, 1, 1));
    p.review_date = Some(date(2008, 6, 1));
    let e = p.validate(&Vocabularies::defaults()).unwrap_err();
    assert!(e.mentions("end_date") && e.mentions("review_date"), "{e}");
}

#[test]
fn unknown_vocabulary_values_are_named() {
    let mut p = fotothek();
    p.kind = "merger".into();
    p.areas.push("astrology".into());
    p.level = Some("galactic".into());
    p.parties[1].role = "overlord".into();
    let e = p.validate(&Vocabularies::defaults()).unwrap_err();
    for field in ["kind", "areas[1]", "level", "parties[1].role"] {
        assert!(e.mentions(field), "{field} missing from {e}");
    }
}

#[test]
fn a_party_may_appear_only_once() {
    let mut p = fotothek();
    p.parties.push(Party {
        organisation: org(2),
        role: "funder".into(),
    });
    let e = p.validate(&Vocabularies::defaults()).unwrap_err();
    assert!(e.mentions("parties[2].organisation"), "{e}");
}

#[test]
fn financial_terms_are_hidden_from_non_parties() {
    let mut seen_by_visitor = fotothek();
    seen_by_visitor.redact(&Viewer::anonymous());
    assert_eq!(seen_by_visitor.value_exchange[0].financial_terms, None);
    assert_eq!(seen_by_visitor.value_exchange[0].gives, "250,000 images");

    let mut seen_by_party = fotothek();
    seen_by_party.redact(&Viewer::with_roles("s", [crate::Role::Steward(org(2))]));
    assert_eq!(
        seen_by_party.value_exchange[0].financial_terms.as_deref(),
        Some("none")
    );
}

#[test]
fn restricted_financial_terms_are_seen_by_the_accounts_they_name_only() {
    let named = crate::AccountId(Uuid::from_u128(60));
    let mut p = fotothek();
    p.value_exchange[0].financial_visibility = Visibility::Restricted;
    p.value_exchange[0].financial_readers = vec![named];
    let member = |account| Viewer {
        account: Some(crate::AccountId(Uuid::from_u128(account))),
        ..Viewer::with_roles("m", [crate::Role::Member])
    };
    let mut seen_by_named = p.clone();
    seen_by_named.redact(&member(60));
    assert_eq!(
        seen_by_named.value_exchange[0].financial_terms.as_deref(),
        Some("none")
    );
    let mut seen_by_party = p.clone();
    seen_by_party.redact(&Viewer::with_roles("s", [crate::Role::Steward(org(2))]));
    assert_eq!(seen_by_party.value_exchange[0].financial_terms, None);
    let mut seen_by_other = p;
    seen_by_other.redact(&member(61));
    assert_eq!(seen_by_other.value_exchange[0].financial_terms, None);
}

#[test]
fn statuses_round_trip_their_wire_names() {
    for s in PartnershipStatus::ALL {
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(json, serde_json::Value::String(s.as_str().into()));
    }
}
