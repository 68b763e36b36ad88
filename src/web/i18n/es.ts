/**
 * Spanish (Latin American, plain and respectful, "usted" for staff, "yo" where the
 * participant speaks). Partial: missing keys fall back to English. It holds for now
 * what must be in Spanish whatever the interface language: the participant's printed
 * recovery plan.
 */
import type { Catalogue } from './catalogues.ts';

export const es: Partial<Catalogue> = {
  'plans.print.pageTitle': 'Mi plan de recuperación',
  'plans.print.heading': 'Mi plan de recuperación',
  'plans.print.name': 'Nombre',
  'plans.print.date': 'Fecha de impresión',
  'plans.print.version': 'Versión del plan',
  'plans.print.intro': 'Estas son mis metas, en mis propias palabras, y los pasos que acordamos juntos.',
  'plans.print.goal': 'Meta {n}',
  'plans.print.area': 'Área de mi vida',
  'plans.print.targetDate': 'Espero lograrla para el',
  'plans.print.status': 'Estado',
  'plans.print.steps': 'Pasos',
  'plans.print.what': 'Qué',
  'plans.print.who': 'Quién',
  'plans.print.when': 'Cuándo',
  'plans.print.stepStatus': 'Estado',
  'plans.print.noDate': 'Sin fecha',
  'plans.print.noSteps': 'Todavía no hay pasos.',
  'plans.print.noGoals': 'Todavía no hay metas escritas.',
  'plans.print.signatures': 'Firmas',
  'plans.print.participantSignature': 'Mi firma',
  'plans.print.staffSignature': 'Firma del miembro del equipo',
  'plans.print.signatureDate': 'Fecha',
  'plans.print.print': 'Imprimir',
  'plans.print.back': 'Volver al participante',
  'plans.print.languageNote': 'Esta copia está en {language}.',
  'plans.print.domain.health': 'Salud',
  'plans.print.domain.home': 'Hogar',
  'plans.print.domain.purpose': 'Propósito',
  'plans.print.domain.community': 'Comunidad',
  'plans.print.owner.participant': 'Yo',
  'plans.print.owner.coach': 'Mi coach de recuperación',
  'plans.print.owner.case_manager': 'Mi administrador(a) de caso',
  'plans.print.owner.family': 'Mi familia',
  'plans.print.owner.provider': 'Mi proveedor de servicios',
  'plans.print.goalStatus.active': 'Estoy trabajando en esto',
  'plans.print.goalStatus.achieved': 'Lo logré',
  'plans.print.goalStatus.set_aside': 'En pausa por ahora',
  'plans.print.stepStatus.not_started': 'Sin empezar',
  'plans.print.stepStatus.in_progress': 'En curso',
  'plans.print.stepStatus.done': 'Hecho',
  'plans.print.stepStatus.cancelled': 'Ya no hace falta',
};
