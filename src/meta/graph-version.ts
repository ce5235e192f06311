/**
 * The one Graph API version this project pins for Meta's versioned hosts (graph.instagram.com,
 * graph.facebook.com), with the day Meta ends it. A call to an ended version is served by the oldest
 * one still alive, whose replies may differ: a test fails 90 days before this date, so that it is
 * moved on in time. Threads' API has versions of its own (v1.0), without an announced end.
 *
 * End dates: developers.facebook.com/docs/graph-api/changelog/versions (v21.0 2027-01-21, v22.0
 * 2027-05-20, v23.0 2027-10-08, v24.0 2028-02-18, v25.0 2028-07-29).
 */
export const GRAPH_API_VERSION = 'v25.0'
export const GRAPH_API_VERSION_ENDS = '2028-07-29'
