import type { Replies } from './replies';

export const es: Replies = {
  dateLocale: 'es-ES',
  quoting: (where, n) => `Esto dice nuestro artículo de ayuda ${where} [${n}]:`,
  alsoSee: (title, n) => `También le puede servir **${title}** [${n}].`,
  decline:
    'Lo siento, no encontré nada sobre eso en nuestros artículos de ayuda y prefiero no adivinar. ' +
    'Puede reformular su pregunta o elegir **Hablar con una persona** y alguien de nuestro equipo le ayudará.',
  greeting: (product) =>
    `¡Hola! Soy el asistente virtual${product ? ` de ${product}` : ''}. Hágame una pregunta y le responderé a partir de nuestros artículos de ayuda.`,
  thanks: '¡De nada! ¿Puedo ayudarle con algo más?',
  goodbye: '¡Adiós, y gracias por su visita! Vuelva cuando quiera.',
  identity:
    'Soy un asistente automático: respondo a partir de nuestros artículos de ayuda. Si prefiere hablar con alguien, elija **Hablar con una persona** en cualquier momento.',
  wellbeing: '¡Muy bien, gracias por preguntar! ¿En qué puedo ayudarle?',
  waiting: (position, minutes) =>
    'Alguien de nuestro equipo se unirá a esta conversación.' +
    (position <= 1 ? ' Usted es el siguiente.' : ` Usted es el número ${position} en la fila.`) +
    (minutes ? ` La espera es de unos ${minutes} minuto${minutes === 1 ? '' : 's'}.` : '') +
    ' Mientras tanto, puedo seguir respondiendo a sus preguntas.',
  offline: (backAt) =>
    `Ahora mismo no hay nadie de nuestro equipo disponible.${backAt ? ` Volvemos ${backAt}.` : ''} Deje su correo electrónico y un mensaje, y le responderemos por correo.`,
  messageLeft: (email, backAt) =>
    `Gracias. Su mensaje ya está con nuestro equipo y le responderemos a ${email} por correo${backAt ? ` en cuanto volvamos, ${backAt}` : ''}.`,
  timedOut:
    'Lo siento, nadie de nuestro equipo pudo unirse a tiempo. Deje su correo electrónico y un mensaje, y le responderemos por correo. Aquí puedo seguir respondiendo a sus preguntas.',
  agentJoined: (name) => `${name} se unió a la conversación.`,
  handedBack: (name) => `${name} devolvió la conversación al asistente.`,
  closed: 'Esta conversación se cerró. Escríbanos cuando quiera para empezar otra.',
  transcriptSubject: (product) => `Su conversación con ${product ?? 'nosotros'}`,
  transcriptHeading: (product, started) => `Su conversación con ${product ?? 'nosotros'}, iniciada el ${started}.`,
  speaker: { visitor: 'Usted', bot: 'Asistente', agent: 'Agente' },
  source: 'Fuente',
};
