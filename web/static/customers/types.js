// The customer API's data as the desk's customer pages use it: a customer, their groups, a proposal
// from their own profile changes, their appointments. Types only; the other modules import them.

/**
 * A group as a customer's record names it.
 * @typedef {object} GroupRef
 * @property {string} id
 * @property {string} name
 */

/**
 * One of the business's groups, with the number of customers in it.
 * @typedef {object} Group
 * @property {string} id
 * @property {string} name
 * @property {number} customers
 */

/**
 * A record's newsletter consent: when and where given, when confirmed by the mailed link, when withdrawn.
 * @typedef {object} NewsletterConsent
 * @property {string} given_at
 * @property {"booking_page" | "desk" | "import" | "account"} source
 * @property {string | null} confirmed_at
 * @property {string | null} withdrawn_at
 */

/**
 * A customer's record.
 * @typedef {object} Customer
 * @property {string} id
 * @property {string} first_name
 * @property {string} last_name
 * @property {string} email
 * @property {string} phone
 * @property {string} street
 * @property {string} postal_code
 * @property {string} city
 * @property {string | null} birth_date  "YYYY-MM-DD".
 * @property {string} note
 * @property {GroupRef[]} groups
 * @property {boolean} newsletter  Confirmed consent that stands: newsletters reach the customer.
 * @property {NewsletterConsent | null} [newsletter_consent]
 * @property {boolean} account_linked
 * @property {boolean} name_private  The business changed the name the customer gave.
 * @property {string} created_at
 * @property {boolean} has_proposal  An open proposal waits for the business's decision.
 */

/**
 * A page of the customer list as `GET /api/v1/customers` answers.
 * @typedef {object} CustomerPage
 * @property {Customer[]} customers
 * @property {number} total
 * @property {number} page
 * @property {number} per_page
 */

/**
 * A proposed field: the record's value and the customer's.
 * @typedef {object} Change
 * @property {string} current
 * @property {string} proposed
 */

/**
 * A proposal from a customer's own profile changes.
 * @typedef {object} Proposal
 * @property {string} customer_id
 * @property {string} customer_name
 * @property {string} created_at
 * @property {Record<string, Change>} changes
 */

/**
 * An appointment in a customer's history.
 * @typedef {object} Appointment
 * @property {string} id
 * @property {string} customer_id
 * @property {string} start
 * @property {string} end
 * @property {string} status  booked, requested, held or cancelled.
 * @property {string} service_id
 * @property {string} staff_id
 * @property {string} location_id
 * @property {string | null} note
 * @property {string} [service_name]  Kept when the service was deleted.
 * @property {string} [service_color]
 * @property {"attended" | "no_show" | null} [attendance]  Whether the customer came.
 */

/**
 * A customer's record with their appointments and open proposal, as `GET /api/v1/customers/{id}`
 * answers: the past as far as asked, `past_next` the cursor to the older ones (null: no more).
 * @typedef {object} CustomerDetail
 * @property {Customer} customer
 * @property {Appointment[]} upcoming
 * @property {Appointment[]} past
 * @property {number} past_total
 * @property {string | null} past_next
 * @property {Proposal | null} proposal
 * @property {{attended: number, no_show: number, no_shows: Appointment[]}} [attendance]  How often
 *   they came and did not come, with the appointments missed (latest first).
 */

/**
 * @typedef {object} Business
 * @property {string} timezone
 */

/**
 * A service, a staff member or a location: what a history line names of them.
 * @typedef {{id: string, name: string, color?: string}} Named
 */

/**
 * What the record page's template hands over (`#boot`).
 * @typedef {object} RecordBoot
 * @property {Business} business
 * @property {Named[]} staff
 * @property {Named[]} services
 * @property {Named[]} locations
 * @property {Customer} customer
 * @property {{rights: string[], staff_id: string | null}} user  The person the page was made for.
 */

export {};
