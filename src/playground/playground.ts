import type { Request, RequestHandler } from 'express';

const EXAMPLE = `# Welcome to unionhub. Try: the county unions of Jiaxing, their towns and site counts.
query CountyOverview {
  unions(filter: { levels: [COUNTY] }, first: 10) {
    totalCount
    nodes {
      id
      name
      stats { siteCount activityCount signUpCount }
      children(first: 5) { totalCount nodes { name level } }
    }
  }
}
`;

/**
 * GraphiQL served by the hub itself: the bundle is inlined into the page, so it works
 * with no internet, and subscriptions go over graphql-ws on the same path.
 */
export function playground(): RequestHandler {
  let html: Promise<string> | undefined;
  return (req, res, next) => {
    if (!wantsPage(req)) return next();
    // The GraphiQL bundle is megabytes of JavaScript: loaded on the first page view, not
    // at start, where it cost about 140 ms of every cold start.
    html ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) =>
      renderGraphiQL({ title: 'unionhub playground', subscriptionsProtocol: 'WS', defaultQuery: EXAMPLE }),
    );
    html.then((page) => res.type('html').send(page), next);
  };
}

/** A browser opening the endpoint, not a client sending a GET query. */
function wantsPage(req: Request): boolean {
  return req.method === 'GET' && !req.query.query && (req.headers.accept ?? '').includes('text/html');
}
