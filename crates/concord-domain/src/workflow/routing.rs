//! Routing (DESIGN.md, "Routing"): a responsibility matrix (area × level → the kinds of
//! movement entity that lead, in order) and geography pick the concrete entities, each with the
//! reasons it was picked; with no match, the Foundation.
//!
//! The default matrix is the seeds' own: academic (education, open science, research) →
//! chapters; business and philanthropy → chapters and the Foundation; technology → the
//! Foundation; cultural (content/GLAM, outreach) → chapters and the Foundation; policy →
//! chapters; community → chapters and user groups. Then the level: global → the Foundation;
//! national or local → the chapters and user groups of that country (a chapter stands for
//! "chapter or user group"); regional → the region's hubs first, then the area's kinds there.
//! The Foundation serves everywhere, so where the cell names it, it comes after the local
//! entities.

use serde::{Deserialize, Serialize};

use crate::{OrganisationId, RoutingRule};

/// One cell of the matrix: for `area` at `level`, the kinds of movement entity that lead, in
/// order of preference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// A term of `area`.
    pub area: String,
    /// A term of `level`.
    pub level: String,
    /// Terms of `movement_entity_kind`, the first preferred.
    pub leads: Vec<String>,
}

/// The responsibility matrix: one cell per area and level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Matrix {
    /// Its cells; an area and level without one route to the Foundation.
    pub cells: Vec<Cell>,
}

/// The area's lead kinds in the seeds' matrix, before the level is applied.
fn seed_kinds(area: &str) -> &'static [&'static str] {
    match area {
        "education" | "open_science" | "research" | "policy_advocacy" => &["chapter"],
        "technology" => &["foundation"],
        "community" => &["chapter", "user_group"],
        // Cultural, business, philanthropic, outreach: chapters and the Foundation.
        _ => &["chapter", "foundation"],
    }
}

/// The areas and levels of the default vocabularies.
const AREAS: [&str; 10] = [
    "content_glam",
    "education",
    "open_science",
    "technology",
    "philanthropy_revenue",
    "business",
    "policy_advocacy",
    "outreach_communications",
    "research",
    "community",
];
const LEVELS: [&str; 4] = ["global", "regional", "national", "local"];

impl Default for Matrix {
    /// The seeds' matrix (see the module's documentation).
    fn default() -> Self {
        let mut cells = Vec::new();
        for area in AREAS {
            for level in LEVELS {
                let mut leads: Vec<String> = Vec::new();
                let mut push = |k: &str| {
                    if !leads.iter().any(|l| l == k) {
                        leads.push(k.to_owned());
                    }
                };
                match level {
                    "global" => push("foundation"),
                    _ => {
                        if level == "regional" {
                            push("hub");
                        }
                        for kind in seed_kinds(area) {
                            push(kind);
                            if *kind == "chapter" {
                                push("user_group");
                            }
                        }
                    }
                }
                cells.push(Cell {
                    area: area.to_owned(),
                    level: level.to_owned(),
                    leads,
                });
            }
        }
        Self { cells }
    }
}

impl Matrix {
    /// The default with each rule's cell replaced by the rule, `rules` in the order they are
    /// applied (so of two rules for one cell, the later one holds).
    pub fn with_rules<'a>(rules: impl IntoIterator<Item = &'a RoutingRule>) -> Self {
        let mut matrix = Self::default();
        for rule in rules {
            let cell = Cell {
                area: rule.area.clone(),
                level: rule.level.clone(),
                leads: rule.leads.clone(),
            };
            match matrix
                .cells
                .iter_mut()
                .find(|c| c.area == rule.area && c.level == rule.level)
            {
                Some(existing) => *existing = cell,
                None => matrix.cells.push(cell),
            }
        }
        matrix
    }

    /// The kinds that lead `area` at `level` (none when the matrix has no such cell).
    pub fn leads(&self, area: &str, level: &str) -> &[String] {
        self.cells
            .iter()
            .find(|c| c.area == area && c.level == level)
            .map_or(&[], |c| c.leads.as_slice())
    }
}

/// A movement entity as routing sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Its organisation.
    pub id: OrganisationId,
    /// Its name.
    pub name: String,
    /// A term of `movement_entity_kind`.
    pub kind: String,
    /// The countries it serves (its own country included).
    pub countries: Vec<String>,
    /// The regions it serves.
    pub regions: Vec<String>,
}

/// What is to be routed: an inquiry, or a partnership looking for its lead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// A term of `area`.
    pub area: String,
    /// A term of `level`; `None`: national when a country is known, else global.
    pub level: Option<String>,
    /// The partner's country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// The regions of that country (M49 and the movement's), for regional routing.
    pub regions: Vec<String>,
}

impl Request {
    /// The level it is routed at: the one given, else `national` with a country and `global`
    /// without.
    pub fn level(&self) -> &str {
        match (&self.level, &self.country) {
            (Some(level), _) => level,
            (None, Some(_)) => "national",
            (None, None) => "global",
        }
    }
}

/// Why an entity was picked: each reads as one word or two ("national", "cultural",
/// "country SE").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "reason", content = "value", rename_all = "snake_case")]
pub enum Reason {
    /// The level of the request (a term of `level`).
    Level(String),
    /// The area of the request (a term of `area`).
    Area(String),
    /// The entity serves the country.
    Country(String),
    /// The entity serves the region.
    Region(String),
    /// Nothing else matched: the Foundation answers for the whole movement.
    Fallback,
}

/// One entity routing picked, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The entity.
    pub entity: Entity,
    /// Why, in the order an explanation reads them.
    pub reasons: Vec<Reason>,
}

/// Picks the entities that should lead `request`, best first: the kinds of the matrix's cell
/// in their order, each served where the request is (the Foundation serves everywhere); ties
/// by country before region, then by name. With no candidate, every Foundation (`Fallback`);
/// empty only when the registry holds no Foundation either.
pub fn route(matrix: &Matrix, request: &Request, entities: &[Entity]) -> Vec<Candidate> {
    let level = request.level().to_owned();
    let leads = matrix.leads(&request.area, &level);
    let mut picked: Vec<(usize, u8, Candidate)> = Vec::new();
    for entity in entities {
        let Some(rank) = leads.iter().position(|k| *k == entity.kind) else {
            continue;
        };
        let Some((place, reason)) = serves(entity, request, &level) else {
            continue;
        };
        let mut reasons = vec![
            Reason::Level(level.clone()),
            Reason::Area(request.area.clone()),
        ];
        reasons.extend(reason);
        picked.push((
            rank,
            place,
            Candidate {
                entity: entity.clone(),
                reasons,
            },
        ));
    }
    if picked.is_empty() {
        picked = entities
            .iter()
            .filter(|e| e.kind == "foundation")
            .map(|e| {
                let c = Candidate {
                    entity: e.clone(),
                    reasons: vec![Reason::Fallback],
                };
                (0, 0, c)
            })
            .collect();
    }
    picked.sort_by(|a, b| {
        (a.0, a.1, &a.2.entity.name, a.2.entity.id).cmp(&(
            b.0,
            b.1,
            &b.2.entity.name,
            b.2.entity.id,
        ))
    });
    picked.into_iter().map(|(_, _, c)| c).collect()
}

/// Whether `entity` serves where `request` is: `(0, country)` before `(1, region)` (a region
/// counts at the regional level only: national and local work belongs to the country's
/// entities); the Foundation serves everywhere (`(2, none)`).
fn serves(entity: &Entity, request: &Request, level: &str) -> Option<(u8, Option<Reason>)> {
    if let Some(country) = &request.country
        && entity.countries.iter().any(|c| c == country)
    {
        return Some((0, Some(Reason::Country(country.clone()))));
    }
    if level == "regional"
        && let Some(region) = request
            .regions
            .iter()
            .find(|r| entity.regions.iter().any(|e| e == *r))
    {
        return Some((1, Some(Reason::Region(region.clone()))));
    }
    (entity.kind == "foundation").then_some((2, None))
}
