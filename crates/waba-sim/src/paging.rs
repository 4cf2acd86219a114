//! Graph's cursor paging for edges: `limit` (1..=100, default 25), opaque base64 `after`/`before`
//! cursors, and `paging {cursors, next?, previous?}` with full URLs, present only when there is
//! such a page.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::envelope::GraphError;

const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 100;
const CURSOR_PREFIX: &str = "waba-sim:";

/// The request parts paging needs to build `next`/`previous` URLs.
pub(crate) struct PageRequest<'a> {
    /// `http://127.0.0.1:PORT/v26.0/{waba}/phone_numbers`
    pub url: String,
    /// The request's query pairs, in order.
    pub query: &'a [(String, String)],
}

impl PageRequest<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The same request with `after`/`before` replaced by `cursor_name=cursor`.
    fn url_with(&self, cursor_name: &str, cursor: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in self.query {
            if key != "after" && key != "before" {
                query.append_pair(key, value);
            }
        }
        query.append_pair(cursor_name, cursor);
        format!("{}?{}", self.url, query.finish())
    }
}

/// One page of `ids` (the edge's items, in order): the selected index range.
pub(crate) fn select(
    ids: &[&str],
    request: &PageRequest<'_>,
) -> Result<(usize, usize), GraphError> {
    select_or(ids, request, &|name| {
        GraphError::invalid_parameter(&format!("The {name} cursor is not valid"))
    })
}

/// [`select`], with `bad_cursor` making the error for an `after`/`before` cursor (its name)
/// that does not point into `ids` (`message_templates` answers 131059 on v24+).
pub(crate) fn select_or(
    ids: &[&str],
    request: &PageRequest<'_>,
    bad_cursor: &dyn Fn(&str) -> GraphError,
) -> Result<(usize, usize), GraphError> {
    let limit = match request.param("limit") {
        None | Some("") => DEFAULT_LIMIT,
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(n) if n >= 1 => usize::try_from(n).unwrap_or(MAX_LIMIT).min(MAX_LIMIT),
            _ => {
                return Err(GraphError::invalid_parameter(
                    "limit must be an integer from 1 to 100",
                ))
            }
        },
    };
    let position = |name: &str| -> Result<Option<usize>, GraphError> {
        match request.param(name).filter(|c| !c.is_empty()) {
            None => Ok(None),
            Some(cursor) => decode(cursor)
                .and_then(|id| ids.iter().position(|candidate| *candidate == id))
                .map(Some)
                .ok_or_else(|| bad_cursor(name)),
        }
    };
    Ok(if let Some(after) = position("after")? {
        let start = after + 1;
        (start, (start + limit).min(ids.len()))
    } else if let Some(before) = position("before")? {
        (before.saturating_sub(limit), before)
    } else {
        (0, limit.min(ids.len()))
    })
}

/// `{"data": items, "paging": {...}}` for the page `range` of `ids`; no `paging` when empty.
pub(crate) fn envelope(
    items: Vec<Value>,
    ids: &[&str],
    (start, end): (usize, usize),
    request: &PageRequest<'_>,
) -> Value {
    let (Some(first), Some(last)) = (ids.get(start), end.checked_sub(1).and_then(|i| ids.get(i)))
    else {
        return json!({ "data": items });
    };
    let (before, after) = (encode(first), encode(last));
    let mut paging = Map::new();
    paging.insert("cursors".into(), json!({"before": before, "after": after}));
    if end < ids.len() {
        paging.insert("next".into(), request.url_with("after", &after).into());
    }
    if start > 0 {
        paging.insert(
            "previous".into(),
            request.url_with("before", &before).into(),
        );
    }
    json!({ "data": items, "paging": paging })
}

fn encode(id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{id}"))
}

fn decode(cursor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim_end_matches('=')).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix(CURSOR_PREFIX)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = ["a", "b", "c", "d", "e"];

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn page(query: &[(&str, &str)]) -> Result<(usize, usize), GraphError> {
        let query = pairs(query);
        select(
            &IDS,
            &PageRequest {
                url: "http://x/v1.0/w/e".into(),
                query: &query,
            },
        )
    }

    #[test]
    fn limits_and_cursors_select_ranges() {
        assert_eq!(page(&[]).unwrap(), (0, 5));
        assert_eq!(page(&[("limit", "2")]).unwrap(), (0, 2));
        assert_eq!(page(&[("limit", "500")]).unwrap(), (0, 5));
        assert_eq!(
            page(&[("limit", "2"), ("after", &encode("b"))]).unwrap(),
            (2, 4)
        );
        assert_eq!(
            page(&[("limit", "2"), ("before", &encode("d"))]).unwrap(),
            (1, 3)
        );
        assert_eq!(
            page(&[("limit", "2"), ("before", &encode("a"))]).unwrap(),
            (0, 0)
        );
        assert!(page(&[("limit", "0")]).is_err());
        assert!(page(&[("limit", "two")]).is_err());
        assert!(page(&[("after", "bm90LWEtY3Vyc29y")]).is_err());
        assert!(page(&[("after", &encode("zzz"))]).is_err());
    }

    #[test]
    fn envelope_links_only_existing_pages() {
        let query = pairs(&[("fields", "id,status"), ("limit", "2"), ("after", "old")]);
        let request = PageRequest {
            url: "http://x/v26.0/w/e".into(),
            query: &query,
        };
        let middle = envelope(vec![json!(1), json!(2)], &IDS, (2, 4), &request);
        assert_eq!(middle["paging"]["cursors"]["before"], encode("c"));
        assert_eq!(middle["paging"]["cursors"]["after"], encode("d"));
        assert_eq!(
            middle["paging"]["next"],
            format!(
                "http://x/v26.0/w/e?fields=id%2Cstatus&limit=2&after={}",
                encode("d")
            )
        );
        assert!(middle["paging"]["previous"]
            .as_str()
            .is_some_and(|u| u.contains("before=")));
        let last = envelope(vec![json!(5)], &IDS, (4, 5), &request);
        assert!(last["paging"].get("next").is_none());
        assert_eq!(
            envelope(vec![], &IDS, (0, 0), &request),
            json!({"data": []})
        );
    }
}
