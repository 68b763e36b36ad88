import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  distributionInput,
  distributionListOutput,
  distributionOutput,
  distributionsQuery,
  movementCreateOutput,
  movementInput,
  movementListOutput,
  movementsQuery,
  refillInput,
  refillListOutput,
  refillOutput,
  reversalInput,
  reversalListOutput,
  reversalOutput,
  stockOutput,
  trainerListOutput,
} from '../../core/naloxone.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inTransaction } from '../http/transaction.ts';
import { listDistributions, listRefills, listReversals, listTrainers, recordDistribution, recordRefill, recordReversal } from './naloxone.service.ts';
import { getStock, listMovements, recordMovement } from './naloxone.stock.ts';

export const naloxoneRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['naloxone'];

  app.get(
    '/api/sites/:id/naloxone/stock',
    {
      config: { access: 'sites:read' },
      schema: {
        tags,
        summary: "A site's naloxone on hand by product and lot (the sum of each lot's movements, with its breakdown), totals, and lots expiring within 60 days or expired",
        params: z.object({ id: uuid }),
        response: { 200: stockOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => getStock(tx, requireActor(request), request.params.id, now())),
  );

  app.get(
    '/api/naloxone/movements',
    {
      config: { access: 'sites:read' },
      schema: {
        tags,
        summary: "A site's stock movements, newest first (transfers show the other site)",
        querystring: movementsQuery,
        response: { 200: movementListOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => listMovements(tx, requireActor(request), request.query, now())),
  );

  app.post(
    '/api/naloxone/movements',
    {
      config: { access: 'naloxone:manage' },
      schema: {
        tags,
        summary:
          'Record a stock movement at one of your sites: received (a new or known lot), transfer_out (recorded as a pair, out here and in at the other site), expired_destroyed, lost, or adjustment (the count, with a reason). 409 insufficient_stock when the lot has fewer kits.',
        body: movementInput,
        response: { 201: movementCreateOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordMovement(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/sites/:id/naloxone/trainers',
    {
      config: { access: 'naloxone:distribute' },
      schema: {
        tags,
        summary: 'Staff who may be named as having given the overdose-response training on a distribution at this site (trainedById), by name',
        params: z.object({ id: uuid }),
        response: { 200: trainerListOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => listTrainers(tx, requireActor(request), request.params.id, now())),
  );

  app.get(
    '/api/naloxone/distributions',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "Distributions at a site (siteId), or a participant's: to them and to their people (participantId); newest first",
        querystring: distributionsQuery,
        response: { 200: distributionListOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => listDistributions(tx, requireActor(request), request.query, now())),
  );

  app.post(
    '/api/naloxone/distributions',
    {
      config: { access: 'naloxone:distribute' },
      schema: {
        tags,
        summary:
          "Hand out kits from a site's stock to a participant, someone in their support system (both need participants:write) or community members at an event; from the earliest-expiring lots unless lotId is given. 409 insufficient_stock naming kits.",
        body: distributionInput,
        response: { 201: distributionOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordDistribution(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/naloxone/reversals',
    {
      config: { access: 'participants:read' },
      schema: { tags, summary: "Reported reversals at a site, or a participant's", querystring: distributionsQuery, response: { 200: reversalListOutput, ...errorResponses } },
    },
    async (request) => inTransaction(app, (tx) => listReversals(tx, requireActor(request), request.query, now())),
  );

  app.post(
    '/api/naloxone/reversals',
    {
      config: { access: 'naloxone:distribute' },
      schema: {
        tags,
        summary: "Record a reported use of a kit (who gave it, doses, survival, EMS, rescue breathing), linked to the kit's distribution when known",
        body: reversalInput,
        response: { 201: reversalOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordReversal(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/naloxone/refills',
    {
      config: { access: 'participants:read' },
      schema: { tags, summary: "Refill requests at a site, or a participant's", querystring: distributionsQuery, response: { 200: refillListOutput, ...errorResponses } },
    },
    async (request) => inTransaction(app, (tx) => listRefills(tx, requireActor(request), request.query, now())),
  );

  app.post(
    '/api/naloxone/refills',
    {
      config: { access: 'naloxone:distribute' },
      schema: {
        tags,
        summary: 'Record a refill request and why the kits are gone (used, lost, stolen, confiscated, expired)',
        body: refillInput,
        response: { 201: refillOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordRefill(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );
};
