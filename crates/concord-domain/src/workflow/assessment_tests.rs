//! Assessments: the default scorecard, answers checked against the questions, one response per
//! account, weighted scores, the recommendation, and the differences between people.

use chrono::DateTime;
use proptest::prelude::*;
use uuid::Uuid;

use super::assessment::*;
use crate::AccountId;
use crate::validation::ValidationErrors;

const ANNA: AccountId = AccountId(Uuid::from_u128(1));
const BOB: AccountId = AccountId(Uuid::from_u128(2));

fn response(by: AccountId, answers: &[(&str, u8)]) -> Response {
    Response {
        by,
        name: format!("account {}", by.0.as_u128()),
        answers: answers
            .iter()
            .map(|(q, v)| Answer {
                question: (*q).into(),
                value: *v,
                note: String::new(),
            })
            .collect(),
        at: DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
    }
}

/// Every question of the scorecard answered `value` (yes or no: 1 when `value` ≥ 3).
fn all(by: AccountId, value: u8) -> Response {
    let answers: Vec<(String, u8)> = scorecard()
        .into_iter()
        .map(|q| {
            let v = match q.scale {
                Scale::OneToFive => value,
                Scale::YesNo => u8::from(value >= 3),
            };
            (q.key, v)
        })
        .collect();
    let refs: Vec<(&str, u8)> = answers.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    response(by, &refs)
}

fn fields(e: ValidationErrors) -> Vec<String> {
    e.0.into_iter().map(|e| e.field).collect()
}

#[test]
fn the_scorecard_covers_the_themes_and_is_a_valid_template() {
    let keys: Vec<String> = scorecard().into_iter().map(|q| q.key).collect();
    assert_eq!(
        keys,
        [
            "why",
            "who",
            "values_alignment",
            "value_exchange",
            "resources",
            "reputation",
            "obligations",
            "exit"
        ]
    );
    let mut e = ValidationErrors::default();
    check_questions(&scorecard(), &mut e);
    assert!(e.0.is_empty(), "{e:?}");
    let mut bad = scorecard();
    bad[1].key = "why".into();
    bad[2].key = "Values!".into();
    bad[3].weight = 0;
    bad[4].text = " ".into();
    let mut e = ValidationErrors::default();
    check_questions(&bad, &mut e);
    assert_eq!(
        fields(e),
        [
            "questions[1].key",
            "questions[2].key",
            "questions[3].weight",
            "questions[4].text"
        ]
    );
    let mut e = ValidationErrors::default();
    check_questions(&[], &mut e);
    assert_eq!(fields(e), ["questions"]);
}

#[test]
fn answers_are_checked_and_each_account_has_one_response() {
    let mut a = Assessment::new(None, scorecard());
    let wrong = response(
        ANNA,
        &[("why", 6), ("astrology", 3), ("exit", 2), ("why", 1)],
    );
    assert_eq!(
        fields(a.answer(wrong).unwrap_err()),
        [
            "answers[0].value",
            "answers[1].question",
            "answers[2].value",
            "answers[3].question"
        ]
    );
    assert!(a.responses.is_empty(), "a refused response records nothing");
    a.answer(response(ANNA, &[("why", 4)])).unwrap();
    assert!(!a.is_complete(), "required questions are unanswered");
    assert_eq!(a.recommendation(), Recommendation::Incomplete);
    a.answer(all(ANNA, 5)).unwrap();
    assert_eq!(a.responses.len(), 1, "the new answers replace the old");
    assert!(a.is_complete());
    assert_eq!(a.overall(), Some(100));
    assert_eq!(a.recommendation(), Recommendation::GoAhead);
}

#[test]
fn scores_weigh_the_answers_and_the_recommendation_follows_the_mean() {
    let mut a = Assessment::new(None, scorecard());
    a.answer(all(ANNA, 1)).unwrap();
    assert_eq!(a.overall(), Some(0));
    assert_eq!(a.recommendation(), Recommendation::Reconsider);
    a.answer(all(BOB, 5)).unwrap();
    assert_eq!(a.overall(), Some(50));
    assert_eq!(a.recommendation(), Recommendation::Discuss);
    // A heavy question counts more: values alignment (weight 3) against who (weight 1).
    let questions = vec![
        Question {
            key: "values".into(),
            text: "Values?".into(),
            scale: Scale::OneToFive,
            weight: 3,
            required: true,
        },
        Question {
            key: "who".into(),
            text: "Who?".into(),
            scale: Scale::OneToFive,
            weight: 1,
            required: false,
        },
    ];
    let mut b = Assessment::new(None, questions);
    b.answer(response(ANNA, &[("values", 5), ("who", 1)]))
        .unwrap();
    assert_eq!(b.overall(), Some(75));
    b.answer(response(ANNA, &[("values", 5)])).unwrap();
    assert_eq!(
        b.overall(),
        Some(100),
        "an optional question left out does not count"
    );
}

#[test]
fn where_two_people_differ_is_shown() {
    let mut a = Assessment::new(None, scorecard());
    let mut anna = all(ANNA, 4);
    let mut bob = all(BOB, 4);
    for (r, reputation, exit) in [(&mut anna, 5, 1), (&mut bob, 2, 0)] {
        for x in &mut r.answers {
            match x.question.as_str() {
                "reputation" => x.value = reputation,
                "exit" => x.value = exit,
                "why" => x.value = if reputation == 5 { 4 } else { 3 },
                _ => {}
            }
        }
    }
    a.answer(anna).unwrap();
    assert!(a.differences().is_empty(), "one person differs from no one");
    a.answer(bob).unwrap();
    let found: Vec<(String, u8, u8)> = a
        .differences()
        .into_iter()
        .map(|d| (d.question, d.low, d.high))
        .collect();
    assert_eq!(
        found,
        [("reputation".into(), 2, 5), ("exit".into(), 0, 1)],
        "a one-point difference (why: 3 and 4) is not flagged"
    );
}

proptest! {
    /// Scores stay within 0..=100, the overall score lies between the lowest and highest
    /// complete response, and a difference is flagged exactly when the answers spread over
    /// half the scale.
    #[test]
    fn scores_and_differences_hold_for_any_answers(
        values in prop::collection::vec(prop::collection::vec(1u8..=5, 8), 1..5),
    ) {
        let mut a = Assessment::new(None, scorecard());
        for (i, row) in values.iter().enumerate() {
            let answers: Vec<(String, u8)> = scorecard()
                .into_iter()
                .zip(row)
                .map(|(q, v)| {
                    let v = if q.scale == Scale::YesNo { u8::from(*v >= 3) } else { *v };
                    (q.key, v)
                })
                .collect();
            let refs: Vec<(&str, u8)> = answers.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            a.answer(response(AccountId(Uuid::from_u128(i as u128 + 10)), &refs)).unwrap();
        }
        let scores: Vec<u8> = a.responses.iter().filter_map(|r| a.score(r)).collect();
        prop_assert!(scores.iter().all(|s| *s <= 100));
        let overall = a.overall().unwrap();
        prop_assert!(overall >= *scores.iter().min().unwrap());
        prop_assert!(overall <= *scores.iter().max().unwrap());
        for q in scorecard() {
            let answers: Vec<u8> = a
                .responses
                .iter()
                .filter_map(|r| r.answers.iter().find(|x| x.question == q.key))
                .map(|x| x.value)
                .collect();
            let (low, high) = (*answers.iter().min().unwrap(), *answers.iter().max().unwrap());
            let wide = match q.scale {
                Scale::OneToFive => high - low >= 2,
                Scale::YesNo => high != low,
            };
            let flagged = a.differences().iter().any(|d| d.question == q.key);
            prop_assert_eq!(wide, flagged, "{}", q.key);
        }
    }
}
