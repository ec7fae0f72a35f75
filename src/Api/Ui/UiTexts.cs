using Nox.LinkSessions;

namespace Nox.Api.Ui;

/// <summary>The Authenticator UI's texts in Dutch, English, French and Spanish.</summary>
public static class UiTexts
{
    public static UiText Dutch { get; } = new()
    {
        LanguageName = "Nederlands",
        LanguageNavigation = "Taal",
        Heading = "Koppel je warmtepomp",
        Intro = "{0} gebruikt NOX om je warmtepomp te koppelen. Kies het merk en maak verbinding.",
        BrandLegend = "Welk merk is je warmtepomp?",
        ConnectHeading = "Verbinding maken",
        ConnectExplanation = "Na het verbinden sturen we je terug naar {0}.",
        ConnectButton = "Verbinden",
        Connecting = "Bezig met verbinden…",
        TimeLeft = "Resterende tijd",
        ValidUntil = "Deze link is geldig tot {0} UTC.",
        MinutesLeft = "Nog {0} minuten",
        OneMinuteLeft = "Nog 1 minuut",
        UnderAMinuteLeft = "Nog minder dan een minuut",
        NoScript = "Zet JavaScript aan in je browser om je warmtepomp te koppelen.",
        ChooseBrand = "Kies eerst het merk van je warmtepomp.",
        GenericError = "Er ging iets mis. Probeer het opnieuw.",
        NotFoundTitle = "Link niet gevonden",
        NotFoundMessage = "Deze link bestaat niet (meer). Controleer of je de volledige link hebt geopend, of vraag een nieuwe aan bij het bedrijf dat je hierheen stuurde.",
        ExpiredTitle = "Deze link is verlopen",
        ExpiredMessage = "Een link is 10 minuten geldig. Vraag {0} om een nieuwe link.",
        CompletedTitle = "Deze link is al gebruikt",
        CompletedMessage = "Je warmtepomp is via deze link al gekoppeld. Je kunt deze pagina sluiten.",
        UnavailableTitle = "Tijdelijk niet beschikbaar",
        UnavailableMessage = "We kunnen je link nu niet openen. Probeer het over een paar seconden opnieuw.",
        Footer = "Beveiligd door NOX. Deze link is persoonlijk: deel hem niet.",
    };

    public static UiText English { get; } = new()
    {
        LanguageName = "English",
        LanguageNavigation = "Language",
        Heading = "Connect your heat pump",
        Intro = "{0} uses NOX to connect your heat pump. Choose its brand and connect.",
        BrandLegend = "Which brand is your heat pump?",
        ConnectHeading = "Connect",
        ConnectExplanation = "Once connected, you will be sent back to {0}.",
        ConnectButton = "Connect",
        Connecting = "Connecting…",
        TimeLeft = "Time left",
        ValidUntil = "This link is valid until {0} UTC.",
        MinutesLeft = "{0} minutes left",
        OneMinuteLeft = "1 minute left",
        UnderAMinuteLeft = "Less than a minute left",
        NoScript = "Turn on JavaScript in your browser to connect your heat pump.",
        ChooseBrand = "Choose the brand of your heat pump first.",
        GenericError = "Something went wrong. Please try again.",
        NotFoundTitle = "Link not found",
        NotFoundMessage = "This link does not exist (anymore). Check that you opened the complete link, or ask the company that sent you here for a new one.",
        ExpiredTitle = "This link has expired",
        ExpiredMessage = "A link is valid for 10 minutes. Ask {0} for a new link.",
        CompletedTitle = "This link has already been used",
        CompletedMessage = "Your heat pump is already connected through this link. You can close this page.",
        UnavailableTitle = "Temporarily unavailable",
        UnavailableMessage = "We cannot open your link right now. Please try again in a few seconds.",
        Footer = "Secured by NOX. This link is personal: do not share it.",
    };

    public static UiText French { get; } = new()
    {
        LanguageName = "Français",
        LanguageNavigation = "Langue",
        Heading = "Connectez votre pompe à chaleur",
        Intro = "{0} utilise NOX pour connecter votre pompe à chaleur. Choisissez sa marque et connectez-vous.",
        BrandLegend = "De quelle marque est votre pompe à chaleur\u00a0?",
        ConnectHeading = "Connexion",
        ConnectExplanation = "Une fois la connexion établie, vous serez renvoyé vers {0}.",
        ConnectButton = "Connecter",
        Connecting = "Connexion en cours…",
        TimeLeft = "Temps restant",
        ValidUntil = "Ce lien est valable jusqu’à {0} UTC.",
        MinutesLeft = "Encore {0} minutes",
        OneMinuteLeft = "Encore 1 minute",
        UnderAMinuteLeft = "Moins d’une minute restante",
        NoScript = "Activez JavaScript dans votre navigateur pour connecter votre pompe à chaleur.",
        ChooseBrand = "Choisissez d’abord la marque de votre pompe à chaleur.",
        GenericError = "Une erreur s’est produite. Veuillez réessayer.",
        NotFoundTitle = "Lien introuvable",
        NotFoundMessage = "Ce lien n’existe pas (ou plus). Vérifiez que vous avez ouvert le lien complet, ou demandez-en un nouveau à l’entreprise qui vous a envoyé ici.",
        ExpiredTitle = "Ce lien a expiré",
        ExpiredMessage = "Un lien est valable 10 minutes. Demandez un nouveau lien à {0}.",
        CompletedTitle = "Ce lien a déjà été utilisé",
        CompletedMessage = "Votre pompe à chaleur est déjà connectée grâce à ce lien. Vous pouvez fermer cette page.",
        UnavailableTitle = "Temporairement indisponible",
        UnavailableMessage = "Nous ne pouvons pas ouvrir votre lien pour le moment. Réessayez dans quelques secondes.",
        Footer = "Sécurisé par NOX. Ce lien est personnel\u00a0: ne le partagez pas.",
    };

    public static UiText Spanish { get; } = new()
    {
        LanguageName = "Español",
        LanguageNavigation = "Idioma",
        Heading = "Conecta tu bomba de calor",
        Intro = "{0} usa NOX para conectar tu bomba de calor. Elige la marca y conéctala.",
        BrandLegend = "¿De qué marca es tu bomba de calor?",
        ConnectHeading = "Conexión",
        ConnectExplanation = "Después de conectar, te enviaremos de vuelta a {0}.",
        ConnectButton = "Conectar",
        Connecting = "Conectando…",
        TimeLeft = "Tiempo restante",
        ValidUntil = "Este enlace es válido hasta las {0} UTC.",
        MinutesLeft = "Quedan {0} minutos",
        OneMinuteLeft = "Queda 1 minuto",
        UnderAMinuteLeft = "Queda menos de un minuto",
        NoScript = "Activa JavaScript en tu navegador para conectar tu bomba de calor.",
        ChooseBrand = "Elige primero la marca de tu bomba de calor.",
        GenericError = "Algo salió mal. Inténtalo de nuevo.",
        NotFoundTitle = "Enlace no encontrado",
        NotFoundMessage = "Este enlace no existe (o ya no existe). Comprueba que has abierto el enlace completo o pide uno nuevo a la empresa que te envió aquí.",
        ExpiredTitle = "Este enlace ha caducado",
        ExpiredMessage = "Un enlace es válido durante 10 minutos. Pide un enlace nuevo a {0}.",
        CompletedTitle = "Este enlace ya se ha utilizado",
        CompletedMessage = "Tu bomba de calor ya está conectada mediante este enlace. Puedes cerrar esta página.",
        UnavailableTitle = "No disponible temporalmente",
        UnavailableMessage = "No podemos abrir tu enlace en este momento. Inténtalo de nuevo en unos segundos.",
        Footer = "Protegido por NOX. Este enlace es personal: no lo compartas.",
    };

    public static UiText For(Language language) => language switch
    {
        Language.En => English,
        Language.Fr => French,
        Language.Es => Spanish,
        _ => Dutch,
    };
}
