import type { Replies } from './replies';

export const fr: Replies = {
  dateLocale: 'fr-FR',
  quoting: (where, n) => `Voici ce que dit notre article d’aide ${where} [${n}] :`,
  alsoSee: (title, n) => `L’article **${title}** pourrait aussi vous aider [${n}].`,
  decline:
    'Désolé, je n’ai rien trouvé à ce sujet dans nos articles d’aide, et je préfère ne pas deviner. ' +
    'Vous pouvez reformuler votre question, ou choisir **Parler à quelqu’un** : quelqu’un de notre équipe vous aidera.',
  greeting: (product) =>
    `Bonjour ! Je suis l’assistant virtuel${product ? ` de ${product}` : ''}. Posez-moi une question, je réponds à partir de nos articles d’aide.`,
  thanks: 'Avec plaisir ! Puis-je vous aider pour autre chose ?',
  goodbye: 'Au revoir, et merci de votre visite ! Revenez quand vous voulez.',
  identity:
    'Je suis un assistant automatique : je réponds à partir de nos articles d’aide. Pour parler à quelqu’un, choisissez **Parler à quelqu’un** à tout moment.',
  wellbeing: 'Je vais bien, merci ! Que puis-je faire pour vous ?',
  waiting: (position, minutes) =>
    'Une personne de notre équipe va rejoindre cette conversation.' +
    (position <= 1 ? ' Vous êtes le prochain.' : ` Vous êtes en position ${position}.`) +
    (minutes ? ` L’attente est d’environ ${minutes} minute${minutes === 1 ? '' : 's'}.` : '') +
    ' En attendant, je peux continuer à répondre à vos questions.',
  offline: (backAt) =>
    `Personne de notre équipe n’est disponible pour le moment.${backAt ? ` Nous serons de retour ${backAt}.` : ''} Laissez votre adresse e-mail et un message, nous vous répondrons par e-mail.`,
  messageLeft: (email, backAt) =>
    `Merci. Votre message a été transmis à notre équipe, qui vous répondra à ${email} par e-mail${backAt ? ` dès son retour, ${backAt}` : ''}.`,
  timedOut:
    'Désolé, personne de notre équipe n’a pu se libérer à temps. Laissez votre adresse e-mail et un message, nous vous répondrons par e-mail. Je peux toujours répondre à vos questions ici.',
  agentJoined: (name) => `${name} a rejoint la conversation.`,
  handedBack: (name) => `${name} a rendu la conversation à l’assistant.`,
  closed: 'Cette conversation est terminée. Écrivez-nous quand vous voulez pour en commencer une autre.',
  transcriptSubject: (product) => `Votre conversation avec ${product ?? 'nous'}`,
  transcriptHeading: (product, started) => `Votre conversation avec ${product ?? 'nous'}, commencée le ${started}.`,
  speaker: { visitor: 'Vous', bot: 'Assistant', agent: 'Conseiller' },
  source: 'Source',
};
