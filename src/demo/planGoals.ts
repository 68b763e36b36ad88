/**
 * Goals as participants say them, with the steps a coach and a case manager would
 * agree with them, in English and in Spanish. `need` marks a goal that came from
 * the needs screening.
 */
import type { LifeDomain, StepOwner } from '../core/plans.ts';

export interface GoalIdea {
  text: string;
  domain: LifeDomain;
  need?: string;
  steps: readonly (readonly [string, StepOwner])[];
}

export const GOALS_EN: readonly GoalIdea[] = [
  { text: 'Stay on my Suboxone', domain: 'health', steps: [['Pick up my refill at the Walgreens on Cicero', 'participant'], ['Set up a ride to the clinic on Tuesdays', 'coach'], ['Ask the clinic to move my appointments to mornings', 'case_manager']] },
  { text: 'Keep going to the methadone clinic every day and not miss my dose', domain: 'health', steps: [['Get a bus card for the month', 'case_manager'], ['Talk to my counselor about take-homes', 'participant']] },
  { text: 'Get my hep C treated', domain: 'health', need: 'medical_care', steps: [['Make an appointment at the liver clinic', 'case_manager'], ['Get the blood work done', 'provider'], ['Go to the first appointment with my coach', 'coach']] },
  { text: 'Always have Narcan on me and teach my family how to use it', domain: 'health', steps: [['Pick up two Narcan kits', 'participant'], ['Show my mom and my sister how to use Narcan', 'coach']] },
  { text: 'See somebody about my anxiety and my sleep', domain: 'health', need: 'mental_health', steps: [['Ask for a referral to a counselor', 'case_manager'], ['Go to the first counseling appointment', 'participant']] },
  { text: 'Get my Medicaid turned back on', domain: 'health', need: 'health_insurance', steps: [['Fill out the Medicaid application with my case manager', 'case_manager'], ['Bring my ID and proof of address to the office', 'participant']] },
  { text: 'Find a place where my kids can visit', domain: 'home', need: 'housing', steps: [['Apply for the housing voucher', 'case_manager'], ['Go see the apartment on Kedzie', 'participant'], ['Ask my cousin for a reference letter', 'family']] },
  { text: 'Get out of the shelter and into my own room', domain: 'home', need: 'housing', steps: [['Get on the list at the recovery home', 'case_manager'], ['Save for the first week’s rent', 'participant']] },
  { text: 'Stay at my aunt’s without us fighting about money', domain: 'home', steps: [['Sit down with my aunt and agree on what I pay', 'family'], ['Give her my part on the first of the month', 'participant']] },
  { text: 'Have my name on a lease by the summer', domain: 'home', steps: [['Check my credit report', 'case_manager'], ['Visit two apartments', 'participant']] },
  { text: 'I want to get my driver’s license back', domain: 'purpose', steps: [['Call the Secretary of State about the reinstatement fee', 'participant'], ['Get my fines on a payment plan', 'case_manager'], ['Sign up for the written test', 'participant']] },
  { text: 'Get a job in a warehouse or a kitchen', domain: 'purpose', need: 'income_employment', steps: [['Make a résumé with my coach', 'coach'], ['Apply to three jobs this week', 'participant'], ['Get work boots from the clothing closet', 'case_manager']] },
  { text: 'Get my state ID and my birth certificate', domain: 'purpose', need: 'identification_documents', steps: [['Request my birth certificate', 'case_manager'], ['Take my papers to the ID office', 'participant']] },
  { text: 'Finish my GED', domain: 'purpose', steps: [['Sign up for the GED class at the library', 'participant'], ['Find out if the class is free', 'coach']] },
  { text: 'Take care of my court date so I don’t get picked up again', domain: 'purpose', need: 'legal', steps: [['Call the public defender’s office', 'case_manager'], ['Go to court on my date with my coach', 'coach']] },
  { text: 'Go to a meeting at least twice a week', domain: 'community', steps: [['Find a meeting close to the bus line', 'coach'], ['Go with my sponsor on Thursday', 'participant']] },
  { text: 'Spend Sundays with my daughter', domain: 'community', steps: [['Call her mother to set a schedule', 'participant'], ['Ask family court about visitation', 'case_manager']] },
  { text: 'Find people to spend time with who don’t use', domain: 'community', steps: [['Try the Saturday group at the recovery center', 'participant'], ['Introduce me to the peer group', 'coach']] },
  { text: 'Get back to my church', domain: 'community', steps: [['Call Pastor Green', 'participant']] },
];

export const GOALS_ES: readonly GoalIdea[] = [
  { text: 'Seguir con mi tratamiento de Suboxone', domain: 'health', steps: [['Recoger mi receta en la farmacia', 'participant'], ['Conseguir transporte a la clínica los martes', 'coach']] },
  { text: 'Tener Narcan en casa y enseñarle a mi familia a usarlo', domain: 'health', steps: [['Recoger dos kits de Narcan', 'participant'], ['Enseñarle a mi esposa cómo usar el Narcan', 'coach']] },
  { text: 'Encontrar un lugar donde mis hijos puedan visitarme', domain: 'home', need: 'housing', steps: [['Llenar la solicitud de vivienda', 'case_manager'], ['Ir a ver el apartamento en la calle 26', 'participant']] },
  { text: 'Recuperar mi licencia de manejar', domain: 'purpose', steps: [['Llamar a la Secretaría de Estado sobre la multa', 'participant'], ['Pedir un plan de pagos para las multas', 'case_manager']] },
  { text: 'Conseguir trabajo para ayudar a mi familia', domain: 'purpose', need: 'income_employment', steps: [['Hacer mi currículum con mi coach', 'coach'], ['Solicitar trabajo en tres lugares esta semana', 'participant']] },
  { text: 'Ir a reuniones de NA en español', domain: 'community', steps: [['Buscar un grupo en español cerca de mi casa', 'coach'], ['Ir con mi padrino el jueves', 'participant']] },
  { text: 'Pasar más tiempo con mi mamá y mis hermanos', domain: 'community', steps: [['Llamar a mi mamá los domingos', 'participant'], ['Invitar a mi hermano a la reunión familiar', 'family']] },
];
