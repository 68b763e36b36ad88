/** Organizations for stories that refer people: a buprenorphine clinic and a housing agency near Cook County Jail. */
import type { ResourceCreateInput } from '../../src/core/resources.ts';
import type { Browser } from './harness.ts';

export const organization = (name: string, categories: ResourceCreateInput['services'][number]['categories']): ResourceCreateInput => ({
  name,
  alternateName: null,
  description: null,
  website: null,
  email: null,
  phone: '(773) 555-0110',
  locations: [
    {
      name: 'Main office',
      address1: '3100 W. 26th Street',
      address2: null,
      city: 'Chicago',
      state: 'IL',
      postalCode: '60623',
      latitude: 41.8458,
      longitude: -87.7077,
      timeZone: 'America/Chicago',
      phone: null,
      languages: ['en'],
      hours: [],
    },
  ],
  services: [
    {
      name: `${name} services`,
      description: null,
      categories,
      medications: categories.includes('moud') ? ['buprenorphine'] : [],
      insurance: ['medicaid'],
      walkIn: false,
      acceptingNewClients: true,
      languages: [],
      atLocations: [0],
    },
  ],
});

/** Pat (a program administrator) adds the organization to the directory; returns its id. */
export async function addOrganization(pat: Browser, name: string, categories: ResourceCreateInput['services'][number]['categories']): Promise<string> {
  const res = await pat.post('/api/resources', organization(name, categories));
  if (res.statusCode !== 201) throw new Error(`could not add ${name}: ${res.body}`);
  return res.json<{ id: string }>().id;
}
