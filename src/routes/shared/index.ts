import type { RoutesPlugin } from '../index.js';
import { errors } from '../common.schema.js';
import { presentPublicLinkView } from '../../presenters/public-link.presenter.js';
import { publicLinkState } from '../../services/public-link-state.js';
import { openPublicLink } from '../../services/public-links.service.js';
import { linkFileRoutes } from './files.js';
import { headerValue, LINK_CACHE_CONTROL, visitorOf } from './request.js';
import { LinkParams, OpenLinkHeaders, OpenLinkQuery, PublicLinkView } from './schema.js';

export const sharedRoutes: RoutesPlugin = async (app, { ctx }) => {
  // Made now, so its activity buffer is flushed at shutdown even before the first visit.
  publicLinkState(ctx);

  // Set before anything can fail, so error responses (401, 404, 429) carry them too.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('cache-control', LINK_CACHE_CONTROL);
    reply.header('referrer-policy', 'no-referrer');
    done();
  });

  app.get(
    '/shared/:token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['shares'],
        operationId: 'openPublicLink',
        summary: 'Open a public link (no login needed)',
        description:
          'Counts one access per 200 (never more than the link allows, however many visitors race) and ' +
          'returns the shared item, or a page of the items of a shared collection, tag or saved search, ' +
          'with a short-lived `access_token` for the file routes. Unknown, revoked, expired and used-up ' +
          'links all answer the same 404. A password goes in `X-Share-Password` (preferred) or ' +
          '`?password=`; a visitor who already has an `access_token` for this link may send it ' +
          '(`X-Share-Access` or `?access_token=`) instead. 5 wrong passwords in 15 minutes from one ' +
          'address for one link: 429 with Retry-After. A bearer token, if sent, is recorded as the actor.',
        security: [],
        params: LinkParams,
        querystring: OpenLinkQuery,
        headers: OpenLinkHeaders,
        response: { 200: PublicLinkView, ...errors(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { offset = 0, limit = 50, password, access_token } = request.query;
      const view = await openPublicLink(
        ctx,
        request.params.token,
        {
          password: headerValue(request.headers['x-share-password']) ?? password,
          accessToken: headerValue(request.headers['x-share-access']) ?? access_token,
        },
        visitorOf(request),
        { offset, limit },
      );
      return presentPublicLinkView(view);
    },
  );

  await app.register(linkFileRoutes, { ctx });
};
